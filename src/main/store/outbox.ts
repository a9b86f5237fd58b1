import type { OutboxItem, OutboxState } from '../../shared/contract'
import type { Db } from './database'

export interface OutboxRecord extends OutboxItem {
  idempotencyKey: string
  bodyHash: string
  exemptReason: string | null
  baseMessageId: number
  firstAttemptAt: number | null
  /** A moderation item's ModerationAction as JSON; null for replies. */
  action: string | null
}

interface Row {
  id: string
  conversation_id: number
  channel_account_id: number
  approval_id: string | null
  author_id: number | null
  body: string
  body_hash: string
  in_reply_to: string | null
  idempotency_key: string
  state: OutboxState
  exempt_reason: string | null
  base_message_id: number
  hold_reason: string | null
  attempts: number
  not_before: number
  first_attempt_at: number | null
  remote_id: string | null
  permalink: string | null
  last_error: string | null
  created_at: number
  updated_at: number
  sent_at: number | null
  kind: string
  action: string | null
}

const toRecord = (r: Row): OutboxRecord => ({
  id: r.id,
  conversationId: r.conversation_id,
  accountId: r.channel_account_id,
  approvalId: r.approval_id,
  authorId: r.author_id,
  body: r.body,
  inReplyTo: r.in_reply_to,
  state: r.state,
  holdReason: r.hold_reason,
  attempts: r.attempts,
  notBefore: r.not_before,
  remoteId: r.remote_id,
  permalink: r.permalink,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  sentAt: r.sent_at,
  idempotencyKey: r.idempotency_key,
  bodyHash: r.body_hash,
  exemptReason: r.exempt_reason,
  baseMessageId: r.base_message_id,
  firstAttemptAt: r.first_attempt_at,
  kind: r.kind === 'moderation' ? 'moderation' : 'reply',
  action: r.action,
})

export const toItem = (r: OutboxRecord): OutboxItem => {
  const { idempotencyKey: _k, bodyHash: _h, exemptReason: _e, baseMessageId: _b, firstAttemptAt: _f, action: _a, ...item } = r
  return item
}

export interface NewOutboxItem {
  id: string
  conversationId: number
  accountId: number
  approvalId: string | null
  authorId: number
  body: string
  bodyHash: string
  inReplyTo: string
  idempotencyKey: string
  exemptReason: string | null
  baseMessageId: number
  notBefore: number
  at: number
}

/** A platform moderation action queued like a reply (kind 'moderation'): its label is the body, its target the in-reply-to. */
export interface NewModerationItem {
  id: string
  conversationId: number
  accountId: number
  profileId: number | null
  label: string
  hash: string
  target: string
  key: string
  requestedBy: string
  hold: string | null
  notBefore: number
  at: number
  /** The ModerationAction as JSON. */
  action: string
}

/**
 * SQL for outbox items. Every state change is a compare-and-set on the state
 * it leaves, so a second writer (or a second pass) can never apply it twice.
 */
export class OutboxStore {
  private readonly one
  private readonly insertStmt
  private readonly insertModerationStmt
  private readonly queuedStmt
  private readonly inStateStmt
  private readonly listStmt
  private readonly byApprovalStmt
  private readonly ofAuthorStmt
  private readonly moveStmt
  private readonly startStmt
  private readonly sentStmt
  private readonly holdStmt
  private readonly releaseStmt
  private readonly newerStmt
  private readonly attributeStmt
  private readonly answeringStmt

  constructor(db: Db) {
    this.one = db.prepare<[string], Row>('SELECT * FROM outbox_items WHERE id = ?')
    this.insertStmt = db.prepare(
      `INSERT INTO outbox_items(id, conversation_id, channel_account_id, approval_id, author_id, kind, body, body_hash, in_reply_to,
         idempotency_key, state, exempt_reason, base_message_id, attempts, not_before, created_at, updated_at)
       VALUES (@id, @conversationId, @accountId, @approvalId, @authorId, 'reply', @body, @bodyHash, @inReplyTo,
         @idempotencyKey, 'queued', @exemptReason, @baseMessageId, 0, @notBefore, @at, @at)`,
    )
    this.insertModerationStmt = db.prepare(
      `INSERT INTO outbox_items(id, conversation_id, channel_account_id, approval_id, author_id, kind, body, body_hash, in_reply_to,
         idempotency_key, state, exempt_reason, base_message_id, hold_reason, attempts, not_before, created_at, updated_at, action)
       VALUES (@id, @conversationId, @accountId, NULL, @profileId, 'moderation', @label, @hash, @target,
         @key, 'queued', @requestedBy, 0, @hold, 0, @notBefore, @at, @at, @action)`,
    )
    this.queuedStmt = db.prepare<[], Row>("SELECT * FROM outbox_items WHERE state = 'queued' ORDER BY channel_account_id, created_at, id")
    this.inStateStmt = db.prepare<[string], Row>('SELECT * FROM outbox_items WHERE state = ? ORDER BY created_at, id')
    this.listStmt = db.prepare<{ conversationId: number | null; states: string | null; limit: number }, Row>(
      `SELECT * FROM outbox_items
       WHERE (@conversationId IS NULL OR conversation_id = @conversationId)
         AND (@states IS NULL OR state IN (SELECT value FROM json_each(@states)))
       ORDER BY created_at DESC, id DESC LIMIT @limit`,
    )
    this.byApprovalStmt = db.prepare<[string], Row>('SELECT * FROM outbox_items WHERE approval_id = ? ORDER BY created_at, id')
    this.ofAuthorStmt = db.prepare<[number, number], Row>('SELECT * FROM outbox_items WHERE conversation_id = ? AND author_id = ? ORDER BY created_at, id')
    this.moveStmt = db.prepare(
      `UPDATE outbox_items SET state = @to, not_before = COALESCE(@notBefore, not_before), last_error = @error, updated_at = @at
       WHERE id = @id AND state = @from`,
    )
    // The attempt mark: committed before the network call, so a crash leaves 'sending' behind for reconcile.
    this.startStmt = db.prepare(
      `UPDATE outbox_items SET state = 'sending', attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, @at), updated_at = @at
       WHERE id = @id AND state = 'queued' AND hold_reason IS NULL`,
    )
    this.sentStmt = db.prepare(
      `UPDATE outbox_items SET state = 'sent', remote_id = @remoteId, permalink = @permalink, last_error = NULL, sent_at = @at, updated_at = @at
       WHERE id = @id AND state = @from`,
    )
    this.holdStmt = db.prepare("UPDATE outbox_items SET hold_reason = @reason, updated_at = @at WHERE id = @id AND state = 'queued'")
    this.releaseStmt = db.prepare(
      "UPDATE outbox_items SET hold_reason = NULL, base_message_id = @base, not_before = @notBefore, updated_at = @at WHERE id = @id AND state = 'queued' AND hold_reason IS NOT NULL",
    )
    // The post replied to (by remote id in the same account), else the conversation's author; the thread's subject,
    // else its context post (the brand's post commented on), else the conversation's preview.
    this.answeringStmt = db.prepare<{ conversationId: number; accountId: number; inReplyTo: string | null }, { name: string; handle: string; thread: string }>(
      `SELECT COALESCE(m.author_name, c.author_name) AS name, COALESCE(m.author_handle, c.author_handle) AS handle,
         COALESCE(NULLIF(c.subject, ''),
           (SELECT x.text FROM messages x WHERE x.conversation_id = c.id AND x.is_context = 1 ORDER BY x.created_at LIMIT 1),
           c.preview) AS thread
       FROM conversations c
       LEFT JOIN messages m ON m.channel_account_id = @accountId AND m.remote_id = @inReplyTo AND m.direction = 'in' AND m.conversation_id = c.id
       WHERE c.id = @conversationId`,
    )
    // Only the copy in the reply's own conversation: a remote id the platform reused elsewhere is another message.
    this.attributeStmt = db.prepare(
      'UPDATE messages SET profile_id = ? WHERE channel_account_id = ? AND remote_id = ? AND conversation_id = ? AND profile_id IS NULL',
    )
    // Only words from outside hold a reply: inbound messages, or outbound ones posted by someone else
    // (another tool, another reply). Notes and activity rows (tags, status, assignment, rules) never do.
    // The reply itself is not stored before it is sent, and this is asked before the first attempt.
    this.newerStmt = db.prepare<[number, number], { n: number }>(
      "SELECT count(*) AS n FROM messages WHERE conversation_id = ? AND id > ? AND is_context = 0 AND direction IN ('in', 'out')",
    )
  }

  insert(item: NewOutboxItem): OutboxRecord {
    this.insertStmt.run(item)
    return this.get(item.id)!
  }

  insertModeration(item: NewModerationItem): OutboxRecord {
    this.insertModerationStmt.run(item)
    return this.get(item.id)!
  }

  get(id: string): OutboxRecord | null {
    const row = this.one.get(id)
    return row ? toRecord(row) : null
  }

  /** Every queued item, grouped by account, oldest first within each. */
  queued(): OutboxRecord[] {
    return this.queuedStmt.all().map(toRecord)
  }

  inState(state: OutboxState): OutboxRecord[] {
    return this.inStateStmt.all(state).map(toRecord)
  }

  list(q: { conversationId?: number; states?: OutboxState[]; limit: number }): OutboxRecord[] {
    return this.listStmt
      .all({ conversationId: q.conversationId ?? null, states: q.states?.length ? JSON.stringify(q.states) : null, limit: q.limit })
      .map(toRecord)
  }

  /** Who a reply answers and in which thread, for the Outbox screen; the thread text on one line, at most 80 characters. */
  answering(item: Pick<OutboxRecord, 'conversationId' | 'accountId' | 'inReplyTo'>): { name: string; handle: string; thread: string } | null {
    const row = this.answeringStmt.get({ conversationId: item.conversationId, accountId: item.accountId, inReplyTo: item.inReplyTo })
    if (!row) return null
    const line = (row.thread ?? '').replace(/\s+/g, ' ').trim()
    return { name: row.name, handle: row.handle, thread: line.length <= 80 ? line : `${line.slice(0, 79).trimEnd()}…` }
  }

  byApproval(approvalId: string): OutboxRecord[] {
    return this.byApprovalStmt.all(approvalId).map(toRecord)
  }

  ofAuthor(conversationId: number, authorId: number): OutboxRecord[] {
    return this.ofAuthorStmt.all(conversationId, authorId).map(toRecord)
  }

  move(id: string, from: OutboxState, to: OutboxState, opts: { at: number; error?: string | null; notBefore?: number }): boolean {
    return this.moveStmt.run({ id, from, to, at: opts.at, error: opts.error ?? null, notBefore: opts.notBefore ?? null }).changes === 1
  }

  startSending(id: string, at: number): boolean {
    return this.startStmt.run({ id, at }).changes === 1
  }

  markSent(id: string, from: OutboxState, remoteId: string | null, permalink: string | null, at: number): boolean {
    return this.sentStmt.run({ id, from, remoteId, permalink, at }).changes === 1
  }

  hold(id: string, reason: string, at: number): boolean {
    return this.holdStmt.run({ id, reason, at }).changes === 1
  }

  release(id: string, base: number, at: number, notBefore: number): boolean {
    return this.releaseStmt.run({ id, base, at, notBefore }).changes === 1
  }

  /** The stored copy of a sent reply names the profile that wrote it. */
  attributeMessage(accountId: number, remoteId: string, conversationId: number, profileId: number | null): void {
    if (profileId !== null) this.attributeStmt.run(profileId, accountId, remoteId, conversationId)
  }

  /** Messages written in the thread after `baseMessageId`: either side's, never notes, activity lines or context posts. */
  newerMessages(conversationId: number, baseMessageId: number): number {
    return this.newerStmt.get(conversationId, baseMessageId)?.n ?? 0
  }
}
