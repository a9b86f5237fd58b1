import type { ConversationStatus } from '../../shared/contract'
import type { Db } from './database'

export interface TriageStateRow {
  id: number
  status: ConversationStatus
  snoozed_until: number | null
  assignee_id: number | null
  unread: number
}

export interface NewNote {
  conversation: number
  profile: number
  author: string
  text: string
  at: number
}

/**
 * What triage writes on conversations: status and snooze, assignee, read state, tag links and notes
 * (messages with direction 'note'), and the snoozes that fall due. Callers run it in a unit of work.
 */
export class TriageStore {
  private readonly statesStmt
  private readonly setStatusStmt
  private readonly setAssigneeStmt
  private readonly linkStmt
  private readonly unlinkStmt
  private readonly setUnreadStmt
  private readonly insertNoteStmt
  private readonly dueStmt
  private readonly soonestStmt
  private readonly wakeStmt

  constructor(db: Db) {
    this.statesStmt = db.prepare<[string], TriageStateRow>(
      'SELECT id, status, snoozed_until, assignee_id, unread FROM conversations WHERE id IN (SELECT value FROM json_each(?))',
    )
    this.setStatusStmt = db.prepare('UPDATE conversations SET status = @status, snoozed_until = @until WHERE id = @id')
    this.setAssigneeStmt = db.prepare('UPDATE conversations SET assignee_id = ? WHERE id = ?')
    this.linkStmt = db.prepare('INSERT OR IGNORE INTO conversation_tags(conversation_id, tag_id) VALUES (?, ?)')
    this.unlinkStmt = db.prepare('DELETE FROM conversation_tags WHERE conversation_id = ? AND tag_id = ?')
    this.setUnreadStmt = db.prepare('UPDATE conversations SET unread = ? WHERE id = ? AND unread <> ?')
    this.insertNoteStmt = db.prepare<NewNote>(
      `INSERT INTO messages(conversation_id, channel_account_id, direction, profile_id, author_name, text, created_at)
       SELECT @conversation, channel_account_id, 'note', @profile, @author, @text, @at FROM conversations WHERE id = @conversation`,
    )
    this.dueStmt = db.prepare<[number], { id: number; snoozed_until: number }>(
      "SELECT id, snoozed_until FROM conversations WHERE status = 'snoozed' AND snoozed_until <= ? ORDER BY snoozed_until",
    )
    this.soonestStmt = db.prepare<[], { at: number | null }>("SELECT MIN(snoozed_until) AS at FROM conversations WHERE status = 'snoozed'")
    // A woken conversation comes back unread, so it is noticed again.
    this.wakeStmt = db.prepare("UPDATE conversations SET status = 'open', snoozed_until = NULL, unread = 1 WHERE id = ? AND status = 'snoozed'")
  }

  states(ids: number[]): TriageStateRow[] {
    return this.statesStmt.all(JSON.stringify(ids))
  }

  setStatus(id: number, status: ConversationStatus, until: number | null): void {
    this.setStatusStmt.run({ id, status, until })
  }

  setAssignee(id: number, profileId: number | null): void {
    this.setAssigneeStmt.run(profileId, id)
  }

  /** Whether the link was new. */
  link(conversationId: number, tagId: number): boolean {
    return this.linkStmt.run(conversationId, tagId).changes > 0
  }

  /** Whether there was a link to remove. */
  unlink(conversationId: number, tagId: number): boolean {
    return this.unlinkStmt.run(conversationId, tagId).changes > 0
  }

  /** Whether the read state moved. */
  setUnread(id: number, unread: 0 | 1): boolean {
    return this.setUnreadStmt.run(unread, id, unread).changes > 0
  }

  /** The note's message id, or null when the conversation does not exist. */
  insertNote(note: NewNote): number | null {
    const result = this.insertNoteStmt.run(note)
    return result.changes ? Number(result.lastInsertRowid) : null
  }

  dueSnoozes(now: number): { id: number; snoozed_until: number }[] {
    return this.dueStmt.all(now)
  }

  soonestSnooze(): number | null {
    return this.soonestStmt.get()?.at ?? null
  }

  /** Whether the conversation was still snoozed (and is now open and unread). */
  wake(id: number): boolean {
    return this.wakeStmt.run(id).changes > 0
  }
}
