import type { SignalStore } from '../../store/listening-signals'
import type { Transactions } from '../../store/transaction'
import { signalsOf } from './signals'

/**
 * Scores stored inbound messages that have no signals yet, a batch per transaction (the store's batch:
 * ~0.3 ms an item, up to ~1 ms when the language needs the n-gram model, so well under 100 ms), yielding
 * to the worker's event loop between batches so calls keep being answered. Progress goes to `progress`.
 */
export class SignalsBackfill {
  private running: Promise<void> | null = null

  constructor(
    private readonly repos: { signals: SignalStore; transactions: Transactions },
    private readonly progress: (done: number, total: number, finished: boolean) => void,
  ) {}

  status(): { scored: number; unscored: number; running: boolean } {
    return { ...this.repos.signals.counts(), running: this.running !== null }
  }

  start(): void {
    if (this.running) return
    this.running = this.run().finally(() => (this.running = null))
  }

  /** Resolves when the current run ends (tests). */
  async idle(): Promise<void> {
    await this.running
  }

  private async run(): Promise<void> {
    const { signals, transactions } = this.repos
    const total = signals.unscoredTotal()
    let done = 0
    let after = 0
    for (;;) {
      if (!transactions.isOpen()) return
      const rows = signals.unscored(after)
      if (!rows.length) break
      transactions.run(() => {
        for (const r of rows) {
          const s = signalsOf(`${r.subject ?? ''} ${r.text}`, { kind: r.kind })
          signals.setMessageSignals(r.id, s.sentiment, s.needsReply)
        }
      })
      // The list mark: each touched conversation takes its latest inbound message's signals.
      signals.refreshConversationMarks(rows[0]!.id, rows[rows.length - 1]!.id)
      after = rows[rows.length - 1]!.id
      done += rows.length
      this.progress(done, total, false)
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    this.progress(done, total, true)
  }
}
