import type { Db } from '../../src/main/store/database'

/** Inserts rows for report tests straight into a real workspace database; returns the new ids. */
export class ReportRows {
  private key = 0
  constructor(private readonly db: Db) {}

  account(platform: string, name = platform): number {
    return Number(
      this.db
        .prepare(`INSERT INTO channel_accounts(uid, platform, display_name, handle, base_url, created_at) VALUES (?, ?, ?, ?, ?, 0)`)
        .run(`uid-${platform}-${++this.key}`, platform, name, `@${name}`, `https://${platform}.example/${this.key}`).lastInsertRowid,
    )
  }

  profile(name: string): number {
    return Number(this.db.prepare(`INSERT INTO profiles(name, role, created_at) VALUES (?, 'agent', 0)`).run(name).lastInsertRowid)
  }

  conversation(account: number, kind: string, opts: { status?: string; createdAt: number; lastActivityAt?: number; author?: string; subject?: string }): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO conversations(channel_account_id, conversation_key, kind, status, author_name, subject, preview, last_activity_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, 'preview', ?, ?)`,
        )
        .run(account, `k${++this.key}`, kind, opts.status ?? 'open', opts.author ?? 'Someone', opts.subject ?? null, opts.lastActivityAt ?? opts.createdAt, opts.createdAt)
        .lastInsertRowid,
    )
  }

  message(
    conversation: number,
    direction: 'in' | 'out' | 'note' | 'activity',
    at: number,
    opts: { sentiment?: string | null; needsReply?: number | null; context?: boolean; profile?: number | null; raw?: string | null; text?: string } = {},
  ): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO messages(conversation_id, channel_account_id, direction, profile_id, author_name, text, is_context, created_at, raw, sentiment, needs_reply)
           SELECT id, channel_account_id, ?, ?, 'author', ?, ?, ?, ?, ?, ? FROM conversations WHERE id = ?`,
        )
        .run(direction, opts.profile ?? null, opts.text ?? 'text', opts.context ? 1 : 0, at, opts.raw ?? null, opts.sentiment ?? null, opts.needsReply ?? null, conversation)
        .lastInsertRowid,
    )
  }

  approval(conversation: number, author: number, status: string, createdAt: number, decidedAt: number | null): string {
    const id = `ap-${++this.key}`
    this.db
      .prepare(`INSERT INTO approvals(id, conversation_id, author_id, body, body_hash, status, created_at, decided_at) VALUES (?, ?, ?, 'b', 'h', ?, ?, ?)`)
      .run(id, conversation, author, status, createdAt, decidedAt)
    return id
  }

  /** One person's decision on an approval (one step of it). */
  decision(approvalId: string, profile: number, action: string, at: number): void {
    this.db
      .prepare(`INSERT INTO approval_decisions(id, approval_id, step, profile_id, action, body_hash, at) VALUES (?, ?, 1, ?, ?, 'h', ?)`)
      .run(`d-${++this.key}`, approvalId, profile, action, at)
  }

  tag(conversation: number, name: string): void {
    this.db.prepare(`INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO NOTHING`).run(name)
    this.db.prepare(`INSERT INTO conversation_tags(conversation_id, tag_id) SELECT ?, id FROM tags WHERE name = ?`).run(conversation, name)
  }

  topicMatch(topic: string, message: number, conversation: number, at: number): void {
    this.db.prepare(`INSERT INTO topics(name, query, created_at) VALUES (?, ?, 0) ON CONFLICT(name) DO NOTHING`).run(topic, topic)
    this.db.prepare(`INSERT INTO topic_matches(topic_id, message_id, conversation_id, matched_at) SELECT id, ?, ?, ? FROM topics WHERE name = ?`).run(message, conversation, at, topic)
  }
}
