import { ParleyError, type Topic, type TopicMatch } from '../../shared/contract'
import type { Db } from './database'
import { uniqueOr } from './unique'

interface TopicRow {
  id: number
  name: string
  query: string
  enabled: number
  alert: number
  created_at: number
  match_count: number
  unseen: number
}

const toTopic = (r: TopicRow): Topic => ({
  id: r.id,
  name: r.name,
  query: r.query,
  enabled: r.enabled === 1,
  alert: r.alert === 1,
  matchCount: r.match_count,
  unseen: r.unseen,
  createdAt: r.created_at,
})

const MATCHES = `
SELECT tm.topic_id AS topicId, t.name AS topicName, tm.message_id AS messageId, tm.conversation_id AS conversationId,
  m.author_name AS authorName, substr(m.text, 1, 280) AS text, a.platform, m.sentiment, tm.matched_at AS matchedAt
FROM topic_matches tm JOIN topics t ON t.id = tm.topic_id JOIN messages m ON m.id = tm.message_id JOIN channel_accounts a ON a.id = m.channel_account_id`

/** Tracked topics and the items they matched (topics, topic_matches). */
export class TopicStore {
  private readonly topicsStmt
  private readonly enabledStmt
  private readonly updateStmt
  private readonly insertStmt
  private readonly deleteStmt
  private readonly insertMatch
  private readonly matchesStmt
  private readonly dayCounts
  private readonly daySamples
  private readonly unseenStmt

  constructor(db: Db) {
    this.topicsStmt = db.prepare<{ seen: number }, TopicRow>(
      `SELECT t.*, (SELECT count(*) FROM topic_matches m WHERE m.topic_id = t.id) AS match_count,
         (SELECT count(*) FROM topic_matches m WHERE m.topic_id = t.id AND m.matched_at > @seen) AS unseen
       FROM topics t ORDER BY t.name`,
    )
    this.enabledStmt = db.prepare<[], { id: number; name: string; query: string; alert: number }>('SELECT id, name, query, alert FROM topics WHERE enabled = 1 ORDER BY name')
    this.updateStmt = db.prepare('UPDATE topics SET name = ?, query = ?, enabled = ?, alert = ? WHERE id = ?')
    this.insertStmt = db.prepare('INSERT INTO topics(name, query, enabled, alert, created_at) VALUES (?, ?, ?, ?, ?)')
    this.deleteStmt = db.prepare('DELETE FROM topics WHERE id = ?')
    this.insertMatch = db.prepare('INSERT OR IGNORE INTO topic_matches(topic_id, message_id, conversation_id, matched_at) VALUES (?, ?, ?, ?)')
    this.matchesStmt = db.prepare<{ topic: number | null; limit: number }, TopicMatch>(
      `${MATCHES} WHERE (@topic IS NULL OR tm.topic_id = @topic) ORDER BY tm.matched_at DESC, tm.message_id DESC LIMIT @limit`,
    )
    this.dayCounts = db.prepare<[number, number], { topicId: number; name: string; count: number }>(
      `SELECT t.id AS topicId, t.name, count(tm.message_id) AS count FROM topics t JOIN topic_matches tm ON tm.topic_id = t.id
       WHERE tm.matched_at >= ? AND tm.matched_at < ? GROUP BY t.id ORDER BY count DESC, t.name`,
    )
    this.daySamples = db.prepare<[number, number, number], TopicMatch>(
      `${MATCHES} WHERE tm.topic_id = ? AND tm.matched_at >= ? AND tm.matched_at < ? ORDER BY tm.matched_at DESC LIMIT 3`,
    )
    this.unseenStmt = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM topic_matches WHERE matched_at > ?')
  }

  /** Every topic with its match counts; `unseen` counts matches newer than `seen`. */
  topics(seen: number): Topic[] {
    return this.topicsStmt.all({ seen }).map(toTopic)
  }

  topic(id: number, seen: number): Topic | null {
    return this.topics(seen).find((t) => t.id === id) ?? null
  }

  /** What the processor matches new items against: enabled topics, without counting their matches. */
  enabledTopics(): { id: number; name: string; query: string; alert: boolean }[] {
    return this.enabledStmt.all().map((t) => ({ id: t.id, name: t.name, query: t.query, alert: t.alert === 1 }))
  }

  saveTopic(input: { id?: number; name: string; query: string; enabled: boolean; alert: boolean }, at: number): number {
    try {
      if (input.id !== undefined) {
        const r = this.updateStmt.run(input.name, input.query, input.enabled ? 1 : 0, input.alert ? 1 : 0, input.id)
        if (!r.changes) throw new ParleyError('not_found', 'That topic no longer exists.')
        return input.id
      }
      return Number(this.insertStmt.run(input.name, input.query, input.enabled ? 1 : 0, input.alert ? 1 : 0, at).lastInsertRowid)
    } catch (error) {
      return uniqueOr(error, 'a topic with that name')
    }
  }

  deleteTopic(id: number): boolean {
    return this.deleteStmt.run(id).changes === 1
  }

  /** Records that a topic matched a message; false when it already had (once per topic and item). */
  recordMatch(topicId: number, messageId: number, conversationId: number, at: number): boolean {
    return this.insertMatch.run(topicId, messageId, conversationId, at).changes === 1
  }

  matches(topicId: number | undefined, limit: number): TopicMatch[] {
    return this.matchesStmt.all({ topic: topicId ?? null, limit })
  }

  /** Matches per topic between start and end, busiest first, with up to three of the newest each. */
  digest(start: number, end: number): { topicId: number; name: string; count: number; samples: TopicMatch[] }[] {
    return this.dayCounts.all(start, end).map((c) => ({ ...c, samples: this.daySamples.all(c.topicId, start, end) }))
  }

  /** Matches newer than `seen`. */
  unseen(seen: number): number {
    return this.unseenStmt.get(seen)?.n ?? 0
  }
}
