import type { Db } from '../../store/database'
import { signalsOf } from './signals'

// ~0.3 ms an item (up to ~1 ms when the language needs the n-gram model): a batch holds the worker well under 100 ms.
const BATCH = 200

/**
 * Scores stored inbound messages that have no signals yet, a batch per transaction, yielding to the
 * worker's event loop between batches so calls keep being answered. Progress goes to `progress`.
 */
export class SignalsBackfill {
  private running: Promise<void> | null = null
  private readonly next
  private readonly update
  private readonly count

  constructor(
    private readonly db: Db,
    private readonly progress: (done: number, total: number, finished: boolean) => void,
  ) {
    // needs_reply is set on every scored message; sentiment stays null on one in a language that is not rated.
    this.next = db.prepare<[number], { id: number; text: string; subject: string | null; kind: string | null }>(
      `SELECT m.id, m.text, m.subject, c.kind FROM messages m LEFT JOIN conversations c ON c.id = m.conversation_id
       WHERE m.needs_reply IS NULL AND m.direction = 'in' AND m.id > ? ORDER BY m.id LIMIT ${BATCH}`,
    )
    this.update = db.prepare('UPDATE messages SET sentiment = ?, needs_reply = ? WHERE id = ?')
    this.count = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM messages WHERE needs_reply IS NULL AND direction = 'in'")
  }

  status(): { scored: number; unscored: number; running: boolean } {
    const unscored = this.count.get()?.n ?? 0
    const scored = this.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM messages WHERE needs_reply IS NOT NULL").get()?.n ?? 0
    return { scored, unscored, running: this.running !== null }
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
    const total = this.count.get()?.n ?? 0
    let done = 0
    let after = 0
    for (;;) {
      if (!this.db.open) return
      const rows = this.next.all(after)
      if (!rows.length) break
      this.db.transaction(() => {
        for (const r of rows) {
          const s = signalsOf(`${r.subject ?? ''} ${r.text}`, { kind: r.kind })
          this.update.run(s.sentiment, s.needsReply ? 1 : 0, r.id)
        }
      })()
      // The list mark: each touched conversation takes its latest inbound message's signals.
      this.db
        .prepare(
          `UPDATE conversations SET (sentiment, needs_reply) = (
             SELECT m.sentiment, m.needs_reply FROM messages m WHERE m.conversation_id = conversations.id AND m.direction = 'in' AND m.is_context = 0
             ORDER BY m.created_at DESC, m.id DESC LIMIT 1)
           WHERE id IN (SELECT DISTINCT conversation_id FROM messages WHERE id BETWEEN ? AND ?)`,
        )
        .run(rows[0]!.id, rows[rows.length - 1]!.id)
      after = rows[rows.length - 1]!.id
      done += rows.length
      this.progress(done, total, false)
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    this.progress(done, total, true)
  }
}
