import { randomUUID } from 'node:crypto'
import { ParleyError } from '../../../shared/contract'
import type { ApprovalStore } from '../../store/approvals'
import type { AuditLog } from '../../store/audit'
import type { Clock } from '../../base/clock'
import { requireTransition } from './state'
import type { OutboxRecord, OutboxStore } from '../../store/outbox'

export interface EnqueueInput {
  conversationId: number
  accountId: number
  inReplyTo: string
  authorId: number
  body: string
  bodyHash: string
  /** Either an approval, or the policy's reason for needing none. */
  approvalId: string | null
  exemptReason: string | null
  baseMessageId: number
  /** Who caused it: the approver, or the exempt author. */
  actorId: number
}

const conflict = (message: string): Error => new ParleyError('conflict', message)

/**
 * Writes that put replies into the outbox or take them out, each with its audit
 * event. Callers run them inside their own transaction, next to the approval
 * change that caused them, so an approved reply and its outbox item commit together.
 */
export class OutboxQueue {
  constructor(
    private readonly deps: {
      store: OutboxStore
      approvals: ApprovalStore
      audit: AuditLog
      clock: Clock
      undoWindowMs(): number
    },
  ) {}

  /** How long a queued reply waits before it may go, so its sender can still take it back. */
  undoWindowMs(): number {
    return this.deps.undoWindowMs()
  }

  enqueue(input: EnqueueInput): OutboxRecord {
    if (!input.approvalId && !input.exemptReason) throw new Error('outbox: a reply needs an approval or an exemption')
    const at = this.deps.clock.now()
    const item = this.deps.store.insert({
      id: randomUUID(),
      conversationId: input.conversationId,
      accountId: input.accountId,
      approvalId: input.approvalId,
      authorId: input.authorId,
      body: input.body,
      bodyHash: input.bodyHash,
      inReplyTo: input.inReplyTo,
      // The key is chosen now and committed with the item: every attempt of this reply sends the same one.
      idempotencyKey: randomUUID(),
      exemptReason: input.exemptReason,
      baseMessageId: input.baseMessageId,
      notBefore: at + this.undoWindowMs(),
      at,
    })
    this.deps.audit.append({
      at,
      profileId: input.actorId,
      conversationId: input.conversationId,
      kind: 'queued',
      payload: { itemId: item.id, approvalId: item.approvalId, bodyHash: item.bodyHash, inReplyTo: item.inReplyTo, notBefore: item.notBefore, exemptReason: item.exemptReason },
    })
    return item
  }

  /**
   * Undo (queued) or dismiss (failed). The approval it used is voided: sending it later needs a new one;
   * except when its approver takes the approval back (`reopen`): then the request waits for a decision again.
   */
  cancel(item: OutboxRecord, actorId: number | null, reason: string, reopen = false): OutboxRecord {
    requireTransition({ state: item.state, held: item.holdReason !== null }, 'cancel', conflict)
    const at = this.deps.clock.now()
    if (!this.deps.store.move(item.id, item.state, 'cancelled', { at, error: item.lastError })) {
      throw conflict('It changed state meanwhile (it may be sending now). Look at the outbox again.')
    }
    this.deps.audit.append({ at, profileId: actorId, conversationId: item.conversationId, kind: 'cancelled', payload: { itemId: item.id, approvalId: item.approvalId, reason } })
    const approval = item.approvalId ? this.deps.approvals.get(item.approvalId) : null
    if (reopen) {
      if (!approval || approval.status !== 'approved' || actorId === null || approval.decidedBy !== actorId) {
        throw conflict('Only the person who approved this reply can take the approval back; cancel it instead.')
      }
      if (!this.deps.approvals.reopen(approval.id, actorId, approval.step, at)) throw conflict('The approval changed meanwhile. Look at it again.')
      this.deps.audit.append({ at, profileId: actorId, conversationId: item.conversationId, kind: 'reopened', payload: { approvalId: approval.id, itemId: item.id } })
      return this.deps.store.get(item.id)!
    }
    if (approval && approval.status === 'approved' && this.deps.approvals.setState(approval.id, 'approved', { status: 'void', step: approval.step, at })) {
      this.deps.audit.append({ at, profileId: actorId, conversationId: item.conversationId, kind: 'voided', payload: { approvalId: approval.id, reason: `reply cancelled: ${reason}` } })
    }
    return this.deps.store.get(item.id)!
  }
}
