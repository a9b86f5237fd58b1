import type { SignalStore } from '../../store/listening-signals'
import type { Transactions } from '../../store/transaction'
import { signalsOf } from './signals'

/** Longest one transaction of scoring holds the database worker, so a call from the window waits about this long at most. */
const SLICE_MS = 20

/**
 * Scores stored inbound messages that have no signals yet, in transactions of about SLICE_MS (~0.3 ms an
 * item, up to ~1 ms when the language needs the n-gram model: a store batch could hold the worker for
 * hundreds of milliseconds on a busy machine), yielding to the worker's event loop between them so calls
 * keep being answered. Progress goes to `progress`.
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
      let scored = 0
      transactions.run(() => {
        const started = performance.now()
        // At least one row a slice, so a slow machine still moves on.
        while (scored < rows.length && (scored === 0 || performance.now() - started < SLICE_MS)) {
          const r = rows[scored++]!
          const s = signalsOf(`${r.subject ?? ''} ${r.text}`, { kind: r.kind })
          signals.setMessageSignals(r.id, s.sentiment, s.needsReply)
        }
      })
      const last = rows[scored - 1]!.id
      // The list mark: each touched conversation takes its latest inbound message's signals.
      signals.refreshConversationMarks(rows[0]!.id, last)
      after = last
      done += scored
      this.progress(done, total, false)
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    this.progress(done, total, true)
  }
}
