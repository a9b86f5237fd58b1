import { createHash } from 'node:crypto'
import type { SpamItem } from '../../../shared/contract'
import type { Db } from '../../store/database'
import type { LoadedFacts } from './facts'

const DAY = 86_400_000
const NEW_ACCOUNT_MS = 30 * DAY
const REPEAT_WINDOW_MS = 7 * DAY
/** A score at or above this lists the conversation in the Spam view. */
export const SPAM_THRESHOLD = 2

const LINK = /\bhttps?:\/\/\S+|\b[a-z0-9-]+\.(biz|xyz|top|click|io|ly|ru|info)\b|\bwww\.\S+|\bdot (com|biz|net)\b/gi

/** The same words with links, handles and numbers taken out, so a bot's variations count as repeats. */
export function fingerprint(text: string): string | null {
  const core = text
    .toLocaleLowerCase('en')
    .replace(LINK, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim()
  return core.length >= 20 ? createHash('sha1').update(core).digest('hex').slice(0, 20) : null
}

/**
 * Spam signals of one new message: links from a new account, many links, and the same words
 * in other conversations within a week. Written in the processor's transaction.
 */
export class SpamSignals {
  private readonly repeats
  private readonly insertPrint
  private readonly insertSignal

  constructor(private readonly db: Db) {
    this.repeats = db.prepare<{ print: string; since: number; conversation: number }, { n: number }>(
      `SELECT count(DISTINCT conversation_id) AS n FROM spam_signals_prints WHERE print = @print AND at >= @since AND conversation_id <> @conversation`,
    )
    this.insertPrint = db.prepare('INSERT INTO spam_signals_prints(print, message_id, conversation_id, at) VALUES (?, ?, ?, ?)')
    this.insertSignal = db.prepare('INSERT OR REPLACE INTO spam_signals(message_id, conversation_id, score, reasons, at) VALUES (?, ?, ?, ?, ?)')
  }

  /** Returns the score (0 when nothing looks like spam). */
  record(f: LoadedFacts, now: number): number {
    const reasons: string[] = []
    let score = 0
    const links = (f.text.match(LINK) ?? []).length
    const newAccount = f.authorCreatedAt !== null && f.createdAt - f.authorCreatedAt < NEW_ACCOUNT_MS
    if (links > 0 && newAccount) {
      score += 2
      reasons.push('links from an account less than 30 days old')
    } else if (links > 0 && f.kind !== 'feed') {
      score += 1
      reasons.push('contains a link')
    }
    if (links >= 3) {
      score += 1
      reasons.push(`${links} links`)
    }
    const print = fingerprint(f.text)
    if (print) {
      const n = this.repeats.get({ print, since: f.createdAt - REPEAT_WINDOW_MS, conversation: f.conversationId })?.n ?? 0
      if (n >= 1) {
        score += n >= 2 ? 2 : 1
        reasons.push(`the same text in ${n} other conversation${n === 1 ? '' : 's'} this week`)
      }
      this.insertPrint.run(print, f.messageId, f.conversationId, f.createdAt)
    }
    if (score > 0) this.insertSignal.run(f.messageId, f.conversationId, score, JSON.stringify(reasons), now)
    return score
  }

  list(limit: number): SpamItem[] {
    const rows = this.db
      .prepare<
        { threshold: number; limit: number },
        {
          conversation_id: number
          author_name: string
          author_handle: string
          preview: string
          platform: SpamItem['platform']
          score: number | null
          reasons: string | null
          marked: number
          rule_name: string | null
          last_activity_at: number
        }
      >(
        `WITH s AS (
           SELECT conversation_id, max(score) AS score, json_group_array(reasons) AS reasons FROM spam_signals GROUP BY conversation_id
         ), ids AS (
           SELECT conversation_id FROM s WHERE score >= @threshold UNION SELECT conversation_id FROM spam_marks
         )
         SELECT c.id AS conversation_id, c.author_name, c.author_handle, c.preview, a.platform, s.score, s.reasons,
           (sm.conversation_id IS NOT NULL) AS marked, r.name AS rule_name, c.last_activity_at
         FROM ids JOIN conversations c ON c.id = ids.conversation_id JOIN channel_accounts a ON a.id = c.channel_account_id
         LEFT JOIN s ON s.conversation_id = c.id LEFT JOIN spam_marks sm ON sm.conversation_id = c.id LEFT JOIN rules r ON r.id = sm.rule_id
         ORDER BY c.last_activity_at DESC, c.id DESC LIMIT @limit`,
      )
      .all({ threshold: SPAM_THRESHOLD, limit })
    return rows.map((r) => ({
      conversationId: r.conversation_id,
      authorName: r.author_name,
      authorHandle: r.author_handle,
      preview: r.preview,
      platform: r.platform,
      score: r.score ?? 0,
      reasons: [...new Set((r.reasons ? (JSON.parse(r.reasons) as string[]) : []).flatMap((x) => JSON.parse(x) as string[]))],
      marked: r.marked === 1,
      markedByRule: r.rule_name,
      lastActivityAt: r.last_activity_at,
    }))
  }

  mark(conversationId: number, spam: boolean, profileId: number, at: number): boolean {
    if (spam) this.db.prepare('INSERT OR REPLACE INTO spam_marks(conversation_id, rule_id, profile_id, at) VALUES (?, NULL, ?, ?)').run(conversationId, profileId, at)
    else this.db.prepare('DELETE FROM spam_marks WHERE conversation_id = ?').run(conversationId)
    return spam
  }
}
