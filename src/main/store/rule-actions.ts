import type { Db } from './database'

/** One action a rule carried out, with what an undo needs (JSON columns as stored). */
export interface RuleActionRow {
  id: number
  rule_id: number
  rule_name: string
  conversation_id: number
  message_id: number | null
  action: string
  undo: string | null
  outbox_item_id: string | null
  activity_message_id: number | null
  at: number
  undone_at: number | null
}

export interface NewRuleAction {
  ruleId: number
  ruleName: string
  conversationId: number
  messageId: number | null
  action: string
  undo: string | null
  outboxItemId: string | null
  activityMessageId: number | null
  at: number
}

/**
 * What rules change on conversations (tags, assignee, status) and the log of rule actions
 * (rule_actions) that keeps what an undo needs. Spam marks are the SpamStore's.
 */
export class RuleActionStore {
  private readonly ensureTag
  private readonly tagId
  private readonly addTagStmt
  private readonly removeTagStmt
  private readonly assigneeOf
  private readonly setAssigneeStmt
  private readonly statusOf
  private readonly setStatusStmt
  private readonly restoreStatusStmt
  private readonly insertStmt
  private readonly listStmt
  private readonly oneStmt
  private readonly undoneStmt

  constructor(db: Db) {
    this.ensureTag = db.prepare('INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO NOTHING')
    this.tagId = db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE name = ?')
    this.addTagStmt = db.prepare('INSERT OR IGNORE INTO conversation_tags(conversation_id, tag_id) VALUES (?, ?)')
    this.removeTagStmt = db.prepare('DELETE FROM conversation_tags WHERE conversation_id = ? AND tag_id = ?')
    this.assigneeOf = db.prepare<[number], { a: number | null }>('SELECT assignee_id AS a FROM conversations WHERE id = ?')
    this.setAssigneeStmt = db.prepare('UPDATE conversations SET assignee_id = ? WHERE id = ?')
    this.statusOf = db.prepare<[number], { s: string }>('SELECT status AS s FROM conversations WHERE id = ?')
    this.setStatusStmt = db.prepare('UPDATE conversations SET status = ?, snoozed_until = NULL WHERE id = ?')
    this.restoreStatusStmt = db.prepare('UPDATE conversations SET status = ? WHERE id = ?')
    this.insertStmt = db.prepare(
      `INSERT INTO rule_actions(rule_id, rule_name, conversation_id, message_id, action, undo, outbox_item_id, activity_message_id, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.listStmt = db.prepare<{ c: number | null; r: number | null; limit: number }, RuleActionRow>(
      `SELECT * FROM rule_actions WHERE (@c IS NULL OR conversation_id = @c) AND (@r IS NULL OR rule_id = @r) ORDER BY at DESC, id DESC LIMIT @limit`,
    )
    this.oneStmt = db.prepare<[number], RuleActionRow>('SELECT * FROM rule_actions WHERE id = ?')
    this.undoneStmt = db.prepare('UPDATE rule_actions SET undone_at = ? WHERE id = ?')
  }

  /** Tags the conversation (creating the tag when new); `added` is false when it already had the tag. */
  addTag(conversationId: number, tag: string): { tagId: number; added: boolean } {
    this.ensureTag.run(tag)
    const tagId = this.tagId.get(tag)!.id
    return { tagId, added: this.addTagStmt.run(conversationId, tagId).changes === 1 }
  }

  removeTag(conversationId: number, tagId: unknown): void {
    this.removeTagStmt.run(conversationId, tagId)
  }

  assignee(conversationId: number): number | null {
    return this.assigneeOf.get(conversationId)?.a ?? null
  }

  setAssignee(conversationId: number, profileId: unknown): void {
    this.setAssigneeStmt.run(profileId, conversationId)
  }

  status(conversationId: number): string | undefined {
    return this.statusOf.get(conversationId)?.s
  }

  /** A new status from a rule: a snooze ends with it. */
  setStatus(conversationId: number, status: string): void {
    this.setStatusStmt.run(status, conversationId)
  }

  /** Puts back the status an action replaced (the snooze is not restored). */
  restoreStatus(conversationId: number, status: string): void {
    this.restoreStatusStmt.run(status, conversationId)
  }

  /** Logs an action; returns its id. */
  record(a: NewRuleAction): number {
    return Number(
      this.insertStmt.run(a.ruleId, a.ruleName, a.conversationId, a.messageId, a.action, a.undo, a.outboxItemId, a.activityMessageId, a.at).lastInsertRowid,
    )
  }

  list(q: { conversationId?: number; ruleId?: number; limit: number }): RuleActionRow[] {
    return this.listStmt.all({ c: q.conversationId ?? null, r: q.ruleId ?? null, limit: q.limit })
  }

  get(id: number): RuleActionRow | null {
    return this.oneStmt.get(id) ?? null
  }

  markUndone(id: number, at: number): void {
    this.undoneStmt.run(at, id)
  }
}
