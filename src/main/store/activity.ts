import type { Db } from './database'

/** What happened; rules and people share the same kinds so the timeline reads the same either way. */
export type ActivityKind =
  | 'status'
  | 'assigned'
  | 'tagged'
  | 'untagged'
  | 'snoozed'
  | 'priority'
  | 'contact_merged'
  | 'contact_unmerged'
  | 'moderation'
  | 'spam'
  | 'rule'

export interface ActivityEntry {
  conversationId: number
  kind: ActivityKind
  /** The sentence the thread shows, e.g. "Mira assigned this to Sam" or "Rule 'Refunds' tagged refund". */
  text: string
  /** The profile that acted, or null for automatic actions. */
  profileId: number | null
  /** Who the timeline names: the profile's name, or "Rule 'Refunds'". */
  actorName: string
  /** Set when a rule acted: reports leave these out of human responses. */
  ruleId?: number | null
  /** Anything an undo or a report needs (previous status, tag ids, ...). */
  data?: Record<string, unknown>
  at: number
}

/**
 * Activity events live in the message stream (direction 'activity', Chatwoot's way), so the thread
 * interleaves them with messages. They never change last activity, unread or waiting_since.
 */
export class ActivityLog {
  private readonly insert

  constructor(db: Db) {
    this.insert = db.prepare<{ conversation: number; profile: number | null; author: string; text: string; raw: string; at: number }>(
      `INSERT INTO messages(conversation_id, channel_account_id, direction, profile_id, author_name, text, created_at, raw)
       SELECT @conversation, channel_account_id, 'activity', @profile, @author, @text, @at, @raw FROM conversations WHERE id = @conversation`,
    )
  }

  /** Returns the new message id, or null when the conversation does not exist. */
  record(entry: ActivityEntry): number | null {
    const raw = JSON.stringify({ activity: entry.kind, ruleId: entry.ruleId ?? null, ...(entry.data ?? {}) })
    const result = this.insert.run({
      conversation: entry.conversationId,
      profile: entry.profileId,
      author: entry.actorName,
      text: entry.text,
      raw,
      at: entry.at,
    })
    return result.changes ? Number(result.lastInsertRowid) : null
  }
}
