import type { Db } from './database'

type Sentiment = 'negative' | 'neutral' | 'positive' | null

/** A stored inbound message without signals yet, for the backfill. */
export interface UnscoredMessage {
  id: number
  text: string
  subject: string | null
  kind: string | null
}

/** The backfill's batch: ~0.3 ms an item to score, so a batch holds the worker well under 100 ms. */
export const UNSCORED_BATCH = 200

/** Sentiment and needs-reply of messages and of their conversations' list mark. */
export class SignalStore {
  private readonly updateMessage
  private readonly updateConversation
  private readonly maxId
  private readonly maxIdAfter
  private readonly nextUnscored
  private readonly unscoredCount
  private readonly scoredCount
  private readonly refreshConversations

  constructor(db: Db) {
    this.updateMessage = db.prepare('UPDATE messages SET sentiment = ?, needs_reply = ? WHERE id = ?')
    this.updateConversation = db.prepare(
      `UPDATE conversations SET sentiment = @sentiment, needs_reply = @needsReply
       WHERE id = @id AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = @id AND m.direction = 'in' AND m.is_context = 0 AND m.created_at > @at)`,
    )
    this.maxId = db.prepare<[], { m: number | null }>('SELECT max(id) AS m FROM messages')
    this.maxIdAfter = db.prepare<[number], { m: number | null }>('SELECT max(id) AS m FROM messages WHERE id > ?')
    // needs_reply is set on every scored message; sentiment stays null on one in a language that is not rated.
    this.nextUnscored = db.prepare<[number], UnscoredMessage>(
      `SELECT m.id, m.text, m.subject, c.kind FROM messages m LEFT JOIN conversations c ON c.id = m.conversation_id
       WHERE m.needs_reply IS NULL AND m.direction = 'in' AND m.id > ? ORDER BY m.id LIMIT ${UNSCORED_BATCH}`,
    )
    this.unscoredCount = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM messages WHERE needs_reply IS NULL AND direction = 'in'")
    this.scoredCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM messages WHERE needs_reply IS NOT NULL')
    this.refreshConversations = db.prepare(
      `UPDATE conversations SET (sentiment, needs_reply) = (
         SELECT m.sentiment, m.needs_reply FROM messages m WHERE m.conversation_id = conversations.id AND m.direction = 'in' AND m.is_context = 0
         ORDER BY m.created_at DESC, m.id DESC LIMIT 1)
       WHERE id IN (SELECT DISTINCT conversation_id FROM messages WHERE id BETWEEN ? AND ?)`,
    )
  }

  setMessageSignals(messageId: number, sentiment: Sentiment, needsReply: boolean): void {
    this.updateMessage.run(sentiment, needsReply ? 1 : 0, messageId)
  }

  /** The conversation's list mark takes a message's signals unless a later inbound message exists. */
  setConversationSignals(conversationId: number, sentiment: Sentiment, needsReply: boolean, messageCreatedAt: number): void {
    this.updateConversation.run({ id: conversationId, sentiment, needsReply: needsReply ? 1 : 0, at: messageCreatedAt })
  }

  /** The highest message id (0 when there is none). */
  lastMessageId(): number {
    return this.maxId.get()?.m ?? 0
  }

  /** The highest message id above `id`, or null when there is none. */
  lastMessageIdAfter(id: number): number | null {
    return this.maxIdAfter.get(id)?.m ?? null
  }

  /** The next batch of inbound messages without signals, above a message id. */
  unscored(after: number): UnscoredMessage[] {
    return this.nextUnscored.all(after)
  }

  counts(): { scored: number; unscored: number } {
    const unscored = this.unscoredCount.get()?.n ?? 0
    return { scored: this.scoredCount.get()?.n ?? 0, unscored }
  }

  unscoredTotal(): number {
    return this.unscoredCount.get()?.n ?? 0
  }

  /** Each conversation touched by messages firstId..lastId takes its latest inbound message's signals. */
  refreshConversationMarks(firstId: number, lastId: number): void {
    this.refreshConversations.run(firstId, lastId)
  }
}
