import type { ApprovalStatus, SecondStep } from '../../shared/contract'
import type { Db } from './database'

export interface ApprovalRecord {
  id: string
  conversationId: number
  accountId: number | null
  inReplyTo: string | null
  authorId: number
  body: string
  bodyHash: string
  originalBody: string | null
  editedBy: number | null
  status: ApprovalStatus
  step: number
  secondStep: SecondStep | null
  reason: string
  baseMessageId: number
  decidedBy: number | null
  decisionNote: string | null
  createdAt: number
  decidedAt: number | null
}

export interface DecisionRecord {
  id: string
  approvalId: string
  step: number
  profileId: number
  action: 'approved' | 'edited_and_approved' | 'changes_requested' | 'rejected'
  bodyHash: string
  note: string | null
  at: number
}

interface Row {
  id: string
  conversation_id: number
  channel_account_id: number | null
  in_reply_to: string | null
  author_id: number
  body: string
  body_hash: string
  original_body: string | null
  edited_by: number | null
  status: ApprovalStatus
  step: number
  second_step: string | null
  reason: string
  base_message_id: number
  decided_by: number | null
  decision_note: string | null
  created_at: number
  decided_at: number | null
}

const toRecord = (r: Row): ApprovalRecord => ({
  id: r.id,
  conversationId: r.conversation_id,
  accountId: r.channel_account_id,
  inReplyTo: r.in_reply_to,
  authorId: r.author_id,
  body: r.body,
  bodyHash: r.body_hash,
  originalBody: r.original_body,
  editedBy: r.edited_by,
  status: r.status,
  step: r.step,
  secondStep: r.second_step ? (JSON.parse(r.second_step) as SecondStep) : null,
  reason: r.reason,
  baseMessageId: r.base_message_id,
  decidedBy: r.decided_by,
  decisionNote: r.decision_note,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
})

export interface DraftMeta {
  body: string
  sessionId: string | null
  baseMessageId: number
}

/** SQL for approvals, their decisions, and the draft columns the workflow adds. */
export class ApprovalStore {
  private readonly one
  private readonly insertStmt
  private readonly setStateStmt
  private readonly rewriteStmt
  private readonly decisionsStmt
  private readonly addDecisionStmt
  private readonly takeBackDecisionStmt
  private readonly reopenStmt
  private readonly liveStmt
  private readonly pendingStmt
  private readonly ofConversationStmt
  private readonly draftMetaStmt
  private readonly setDraftMetaStmt
  private readonly setDraftBodyStmt
  private readonly deleteDraftStmt
  private readonly undoLostStmt

  constructor(db: Db) {
    this.one = db.prepare<[string], Row>('SELECT * FROM approvals WHERE id = ?')
    this.insertStmt = db.prepare(
      `INSERT INTO approvals(id, conversation_id, channel_account_id, in_reply_to, author_id, body, body_hash, status, step,
         second_step, reason, base_message_id, created_at, updated_at)
       VALUES (@id, @conversationId, @accountId, @inReplyTo, @authorId, @body, @bodyHash, 'pending', 1,
         @secondStep, @reason, @baseMessageId, @at, @at)`,
    )
    this.setStateStmt = db.prepare(
      `UPDATE approvals SET status = @status, step = @step, decided_by = COALESCE(@decidedBy, decided_by),
         decision_note = COALESCE(@note, decision_note), decided_at = COALESCE(@decidedAt, decided_at), updated_at = @at
       WHERE id = @id AND status = @from`,
    )
    this.rewriteStmt = db.prepare(
      `UPDATE approvals SET original_body = COALESCE(original_body, body), body = @body, body_hash = @bodyHash, edited_by = @editedBy, updated_at = @at
       WHERE id = @id AND status = 'pending'`,
    )
    this.decisionsStmt = db.prepare<[string], { id: string; approval_id: string; step: number; profile_id: number; action: DecisionRecord['action']; body_hash: string; note: string | null; at: number }>(
      'SELECT * FROM approval_decisions WHERE approval_id = ? ORDER BY at, rowid',
    )
    this.addDecisionStmt = db.prepare(
      `INSERT INTO approval_decisions(id, approval_id, step, profile_id, action, body_hash, note, at)
       VALUES (@id, @approvalId, @step, @profileId, @action, @bodyHash, @note, @at)`,
    )
    this.takeBackDecisionStmt = db.prepare('DELETE FROM approval_decisions WHERE approval_id = ? AND profile_id = ? AND step = ?')
    this.undoLostStmt = db.prepare(
      `UPDATE approvals SET status = 'pending', body = COALESCE(original_body, body),
         body_hash = CASE WHEN original_body IS NULL THEN body_hash ELSE @teamHash END, original_body = NULL, edited_by = NULL,
         decided_by = NULL, decided_at = NULL, decision_note = NULL, updated_at = @at
       WHERE id = @id`,
    )
    this.reopenStmt = db.prepare(
      "UPDATE approvals SET status = 'pending', decided_by = NULL, decided_at = NULL, updated_at = @at WHERE id = @id AND status = 'approved'",
    )
    this.liveStmt = db.prepare<[number, number], Row>(
      "SELECT * FROM approvals WHERE conversation_id = ? AND author_id = ? AND status IN ('pending','approved') ORDER BY created_at, id",
    )
    this.pendingStmt = db.prepare<[number], Row>("SELECT * FROM approvals WHERE status = 'pending' ORDER BY created_at, id LIMIT ?")
    this.ofConversationStmt = db.prepare<[number, number], Row>('SELECT * FROM approvals WHERE conversation_id = ? ORDER BY created_at, id LIMIT ?')
    this.draftMetaStmt = db.prepare<[number, number], { body: string; session_id: string | null; base_message_id: number }>(
      'SELECT body, session_id, base_message_id FROM drafts WHERE conversation_id = ? AND profile_id = ?',
    )
    this.setDraftMetaStmt = db.prepare('UPDATE drafts SET session_id = ?, base_message_id = ? WHERE conversation_id = ? AND profile_id = ?')
    this.setDraftBodyStmt = db.prepare('UPDATE drafts SET body = ?, updated_at = ? WHERE conversation_id = ? AND profile_id = ?')
    this.deleteDraftStmt = db.prepare('DELETE FROM drafts WHERE conversation_id = ? AND profile_id = ? AND body = ?')
  }

  get(id: string): ApprovalRecord | null {
    const row = this.one.get(id)
    return row ? toRecord(row) : null
  }

  insert(a: { id: string; conversationId: number; accountId: number; inReplyTo: string; authorId: number; body: string; bodyHash: string; secondStep: SecondStep | null; reason: string; baseMessageId: number; at: number }): void {
    this.insertStmt.run({ ...a, secondStep: a.secondStep ? JSON.stringify(a.secondStep) : null })
  }

  /** Compare-and-set on the status, so two decisions can never both apply. */
  setState(id: string, from: ApprovalStatus, to: { status: ApprovalStatus; step: number; decidedBy?: number; note?: string; decidedAt?: number; at: number }): boolean {
    return (
      this.setStateStmt.run({ id, from, status: to.status, step: to.step, decidedBy: to.decidedBy ?? null, note: to.note ?? null, decidedAt: to.decidedAt ?? null, at: to.at })
        .changes === 1
    )
  }

  rewrite(id: string, body: string, bodyHash: string, editedBy: number, at: number): void {
    this.rewriteStmt.run({ id, body, bodyHash, editedBy, at })
  }

  decisions(approvalId: string): DecisionRecord[] {
    return this.decisionsStmt.all(approvalId).map((d) => ({
      id: d.id,
      approvalId: d.approval_id,
      step: d.step,
      profileId: d.profile_id,
      action: d.action,
      bodyHash: d.body_hash,
      note: d.note,
      at: d.at,
    }))
  }

  addDecision(d: DecisionRecord): void {
    this.addDecisionStmt.run(d)
  }

  /**
   * The approver takes their approval back inside the undo window: their decision at the last step goes
   * (so they can decide again) and the request waits at that step once more. Compare-and-set on 'approved'.
   */
  reopen(id: string, profileId: number, step: number, at: number): boolean {
    if (this.reopenStmt.run({ id, at }).changes !== 1) return false
    this.takeBackDecisionStmt.run(id, profileId, step)
    return true
  }

  /**
   * A decision this laptop made while cut off from its team lost to another member's: the request
   * waits again with its author's words and the hash the team holds (an edit made here is undone),
   * and the lost decision is taken back, so the team's decision applies to what every laptop has.
   */
  undoLostDecision(id: string, teamHash: string, at: number): boolean {
    const a = this.one.get(id)
    if (!a || a.status === 'pending') return false
    this.undoLostStmt.run({ id, teamHash, at })
    if (a.decided_by !== null) this.takeBackDecisionStmt.run(id, a.decided_by, a.step)
    return true
  }

  /** Pending or approved requests of one author in one conversation. */
  live(conversationId: number, authorId: number): ApprovalRecord[] {
    return this.liveStmt.all(conversationId, authorId).map(toRecord)
  }

  pending(limit: number): ApprovalRecord[] {
    return this.pendingStmt.all(limit).map(toRecord)
  }

  ofConversation(conversationId: number, limit: number): ApprovalRecord[] {
    return this.ofConversationStmt.all(conversationId, limit).map(toRecord)
  }

  draftMeta(conversationId: number, profileId: number): DraftMeta | null {
    const row = this.draftMetaStmt.get(conversationId, profileId)
    return row ? { body: row.body, sessionId: row.session_id, baseMessageId: row.base_message_id } : null
  }

  setDraftMeta(conversationId: number, profileId: number, sessionId: string, baseMessageId: number): void {
    this.setDraftMetaStmt.run(sessionId, baseMessageId, conversationId, profileId)
  }

  /** The approver's edit becomes the author's draft, so the composer shows what will go out. */
  setDraftBody(conversationId: number, profileId: number, body: string, at: number): void {
    this.setDraftBodyStmt.run(body, at, conversationId, profileId)
  }

  /** A sent reply ends its draft, unless the author has since typed something else. */
  deleteDraftIfBody(conversationId: number, profileId: number, body: string): boolean {
    return this.deleteDraftStmt.run(conversationId, profileId, body).changes === 1
  }
}
