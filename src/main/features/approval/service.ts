import { randomUUID } from 'node:crypto'
import { ParleyError, type Approval, type ApprovalStatus, type ApprovalVerdict, type Draft, type OutboxItem, type Profile, type ReplyEnvelope, type ReplyFacts, type ReplyLimits } from '../../../shared/contract'
import type { AuditLog } from '../../store/audit'
import type { Clock } from '../../base/clock'
import type { EventBus } from '../../base/event-bus'
import { asProfile } from '../people/session'
import type { ProfilesService } from '../people/service'
import type { OutboxNudges } from '../outbox/nudges'
import type { OutboxQueue } from '../outbox/queue'
import { toItem, type OutboxRecord, type OutboxStore } from '../../store/outbox'
import type { UnitOfWork } from '../../store/unit-of-work'
import { approvalChange } from './change'
import { replyHash } from '../reply/hash'
import { needsApproval } from './policy'
import type { PolicyStore } from './policy-store'
import { approvalTransition, type Outcome } from './state'
import type { ApprovalRecord, ApprovalStore } from '../../store/approvals'
import type { TargetResolver } from '../reply/target'
import { factsOf, toApproval } from './view'

export interface ApprovalDeps {
  uow: UnitOfWork
  store: ApprovalStore
  outbox: OutboxStore
  queue: OutboxQueue
  audit: AuditLog
  policy: PolicyStore
  targets: TargetResolver
  profiles: ProfilesService
  events: EventBus
  clock: Clock
  /** Rung when something entered the outbox: the scheduler should look. */
  nudges: OutboxNudges
}

/** What a write touched, published after its transaction committed. */
class Changes {
  readonly approvals = new Map<string, number>()
  readonly items = new Set<string>()
}

/**
 * Submit, decide, and the edits that void: the approval workflow on behalf of
 * the session's profile. Each call is one transaction that also appends its
 * audit events, so the trail and the state never disagree.
 */
export class ApprovalsService {
  constructor(private readonly deps: ApprovalDeps) {}

  evaluate(conversationId: number, body: string): ApprovalVerdict {
    const me = this.deps.profiles.current()
    const target = this.deps.targets.resolve(conversationId)
    return needsApproval(this.deps.policy.get(), { profileId: me.id, role: me.role, channelAccountId: target.accountId, text: body })
  }

  /** What the reply's text must contain for the platform to deliver it; the composer shows it. */
  envelope(conversationId: number): ReplyEnvelope {
    return this.deps.targets.envelope(this.deps.targets.resolve(conversationId))
  }

  /** The platform's rules for a reply here: its length limit, its reply window and what a reply costs. */
  replyRules(conversationId: number): { accountId: number; platformLabel: string; limits: ReplyLimits | null; deadline: number | null } & Pick<ReplyFacts, 'window' | 'cost'> {
    const target = this.deps.targets.resolve(conversationId)
    return {
      accountId: target.accountId,
      ...this.deps.targets.limits(target.accountId),
      deadline: this.deps.targets.deadline(conversationId),
      ...this.deps.targets.platformFacts(conversationId),
    }
  }

  submit(conversationId: number, inReplyTo?: string): { verdict: ApprovalVerdict; approval: Approval | null; outboxItem: OutboxItem | null } {
    const me = this.deps.profiles.current()
    const changes = new Changes()
    const result = this.deps.uow.run((tx) => {
      tx.afterCommit(() => this.publish(changes))
      const at = this.deps.clock.now()
      const draft = this.deps.store.draftMeta(conversationId, me.id)
      if (!draft || draft.body.trim() === '') throw new ParleyError('conflict', 'There is no reply to submit in this conversation yet: write one first.')
      const target = this.deps.targets.resolve(conversationId, inReplyTo)
      // The words that will be posted, mentions the platform needs included (the composer showed them).
      // The draft takes them too, so the author's composer holds exactly what was submitted.
      const body = this.deps.targets.finalText(draft.body, target)
      this.deps.targets.assertFits(body, target)
      if (body !== draft.body) this.deps.store.setDraftBody(conversationId, me.id, body, at)
      const bodyHash = replyHash(body, this.deps.targets.sealed(target))
      const verdict = needsApproval(this.deps.policy.get(), { profileId: me.id, role: me.role, channelAccountId: target.accountId, text: body })
      // Submitting the same words twice (a double click, a retry after a lost answer) changes nothing.
      const same = this.sameSubmission(conversationId, me.id, bodyHash)
      if (same) return { verdict, ...same }
      // An older request for other words or another target gives way to this one.
      this.withdraw(conversationId, me.id, 'submitted again', changes)
      const baseMessageId = draft.baseMessageId || this.deps.targets.newestMessageId(conversationId)
      const submitted = { bodyHash, inReplyTo: target.inReplyTo, accountId: target.accountId, reason: verdict.reason }
      if (verdict.required) {
        this.check(approvalTransition({ status: 'draft', authorId: me.id, step: 1, secondStep: null, approvals: [], bodyHash }, 'submit', me))
        const second = verdict.steps.find((s) => s.kind === 'group')
        const id = randomUUID()
        this.deps.store.insert({
          id,
          conversationId,
          accountId: target.accountId,
          inReplyTo: target.inReplyTo,
          authorId: me.id,
          body,
          bodyHash,
          secondStep: second && second.kind === 'group' ? { group: second.group, mode: second.mode } : null,
          reason: verdict.reason,
          baseMessageId,
          at,
        })
        this.deps.audit.append({ at, profileId: me.id, conversationId, kind: 'submitted', payload: { approvalId: id, ...submitted, steps: verdict.steps.length } })
        changes.approvals.set(id, conversationId)
        tx.countsChanged()
        return { verdict, approvalId: id, itemId: null }
      }
      this.deps.audit.append({ at, profileId: me.id, conversationId, kind: 'submitted', payload: { approvalId: null, ...submitted, exempt: true } })
      const item = this.deps.queue.enqueue({ ...target, conversationId, authorId: me.id, body, bodyHash, approvalId: null, exemptReason: verdict.reason, baseMessageId, actorId: me.id })
      changes.items.add(item.id)
      return { verdict, approvalId: null, itemId: item.id }
    })
    return { verdict: result.verdict, approval: result.approvalId ? this.view(result.approvalId) : null, outboxItem: this.item(result.itemId) }
  }

  approve(approvalId: string, seenHash: string): { approval: Approval; outboxItem: OutboxItem | null } {
    return this.decideAndQueue(approvalId, seenHash, null)
  }

  /** The approver's words replace the author's; the author's text stays as the diff base. */
  editAndApprove(approvalId: string, seenHash: string, body: string): { approval: Approval; outboxItem: OutboxItem | null } {
    return this.decideAndQueue(approvalId, seenHash, body)
  }

  requestChanges(approvalId: string, note: string): Approval {
    return this.close(approvalId, 'request_changes', note)
  }

  reject(approvalId: string, note: string): Approval {
    return this.close(approvalId, 'reject', note)
  }

  /** The Needs approval queue (pending, oldest first), or one conversation's requests. */
  list(q: { conversationId?: number; status: 'pending' | 'all'; limit: number }): Approval[] {
    if (q.conversationId === undefined && q.status === 'all') throw new ParleyError('bad_input', 'Listing every approval needs a conversation; the queue lists pending ones.')
    const records =
      q.conversationId !== undefined
        ? this.deps.store.ofConversation(q.conversationId, q.limit).filter((a) => q.status === 'all' || a.status === 'pending')
        : this.deps.store.pending(q.limit)
    return records.map((a) => this.toView(a))
  }

  get(approvalId: string): Approval {
    return this.view(approvalId)
  }

  /**
   * drafts.save goes through here (in one transaction with the save): an edit
   * voids the author's pending or approved request and takes its reply out of
   * the outbox if it has not started sending; the first save of a draft session
   * is audited as 'drafted', later keystrokes are not.
   */
  wrapDraftSave(input: { conversationId: number; profileId: number; body: string; at: number }, save: () => Draft): Draft {
    const changes = new Changes()
    const draft = this.deps.uow.run((tx) => {
      tx.afterCommit(() => this.publish(changes))
      const before = this.deps.store.draftMeta(input.conversationId, input.profileId)
      const saved = save()
      const cleared = input.body.trim() === ''
      if ((before?.body ?? '') === (cleared ? '' : input.body)) return saved
      const withdrawn = this.withdraw(input.conversationId, input.profileId, cleared ? 'draft cleared' : 'draft edited', changes, true)
      if (!cleared) {
        const base = this.deps.targets.newestMessageId(input.conversationId)
        let session = before?.sessionId ?? null
        if (!session) {
          session = randomUUID()
          this.deps.audit.append({ at: input.at, profileId: input.profileId, conversationId: input.conversationId, kind: 'drafted', payload: { sessionId: session } })
        }
        this.deps.store.setDraftMeta(input.conversationId, input.profileId, session, base)
      }
      if (withdrawn) tx.countsChanged()
      return saved
    })
    return draft
  }

  private decideAndQueue(approvalId: string, seenHash: string, newBody: string | null): { approval: Approval; outboxItem: OutboxItem | null } {
    const me = this.deps.profiles.current()
    const changes = new Changes()
    const itemId = this.deps.uow.run((tx) => {
      tx.afterCommit(() => this.publish(changes))
      const at = this.deps.clock.now()
      const a = this.require(approvalId)
      const target = { accountId: a.accountId!, inReplyTo: a.inReplyTo! }
      const kind = this.deps.targets.replyPlace(a.conversationId)?.kind ?? 'comment'
      // The subject line (e-mail) the approval card showed is bound with the words.
      const sealed = this.deps.targets.sealed({ ...target, kind })
      // The approver's words get the same mentions the platform needs; the editor showed them before the click.
      const finalBody = newBody === null ? null : this.deps.targets.finalText(newBody, { ...target, kind })
      const edit = finalBody !== null && finalBody !== a.body
      // An approver's edit meets the same length rule as the author's text.
      if (edit) this.deps.targets.assertFits(finalBody, target)
      const outcome = this.check(approvalTransition(factsOf(a, this.deps.store.decisions(a.id)), edit ? 'edit_and_approve' : 'approve', me, seenHash))
      let body = a.body
      let bodyHash = a.bodyHash
      if (edit) {
        body = finalBody
        bodyHash = replyHash(body, sealed)
        this.deps.store.rewrite(a.id, body, bodyHash, me.id, at)
        // The author's composer shows what will go out; this write is not an author's edit, so it voids nothing.
        this.deps.store.setDraftBody(a.conversationId, a.authorId, body, at)
        this.deps.audit.append({ at, profileId: me.id, conversationId: a.conversationId, kind: 'edited', payload: { approvalId: a.id, by: 'approver', fromHash: a.bodyHash, toHash: bodyHash } })
      }
      this.deps.store.addDecision({ id: randomUUID(), approvalId: a.id, step: a.step, profileId: me.id, action: edit ? 'edited_and_approved' : 'approved', bodyHash, note: null, at })
      const done = outcome.status === 'approved'
      if (!this.deps.store.setState(a.id, 'pending', { status: outcome.status, step: outcome.step, ...(done ? { decidedBy: me.id, decidedAt: at } : {}), at })) {
        throw new ParleyError('conflict', 'Someone decided on this reply meanwhile. Look at it again.')
      }
      this.deps.audit.append({ at, profileId: me.id, conversationId: a.conversationId, kind: 'approved', payload: { approvalId: a.id, step: a.step, bodyHash, complete: done } })
      changes.approvals.set(a.id, a.conversationId)
      tx.countsChanged()
      if (!done) return null
      // The binding is checked once more against the stored words before anything enters the outbox.
      if (replyHash(body, sealed) !== bodyHash) throw new ParleyError('conflict', 'The approved text does not match its hash; nothing was queued.')
      const item = this.deps.queue.enqueue({
        ...target,
        conversationId: a.conversationId,
        authorId: a.authorId,
        body,
        bodyHash,
        approvalId: a.id,
        exemptReason: null,
        baseMessageId: a.baseMessageId,
        actorId: me.id,
      })
      changes.items.add(item.id)
      return item.id
    })
    return { approval: this.view(approvalId), outboxItem: this.item(itemId) }
  }

  private close(approvalId: string, action: 'request_changes' | 'reject', note: string): Approval {
    const me = this.deps.profiles.current()
    const changes = new Changes()
    this.deps.uow.run((tx) => {
      tx.afterCommit(() => this.publish(changes))
      const at = this.deps.clock.now()
      const a = this.require(approvalId)
      const outcome = this.check(approvalTransition(factsOf(a, this.deps.store.decisions(a.id)), action, me))
      const kind = action === 'reject' ? 'rejected' : 'changes_requested'
      this.deps.store.addDecision({ id: randomUUID(), approvalId: a.id, step: a.step, profileId: me.id, action: kind, bodyHash: a.bodyHash, note, at })
      if (!this.deps.store.setState(a.id, 'pending', { status: outcome.status, step: outcome.step, decidedBy: me.id, note, decidedAt: at, at })) {
        throw new ParleyError('conflict', 'Someone decided on this reply meanwhile. Look at it again.')
      }
      this.deps.audit.append({ at, profileId: me.id, conversationId: a.conversationId, kind, payload: { approvalId: a.id, step: a.step, note } })
      changes.approvals.set(a.id, a.conversationId)
      tx.countsChanged()
    })
    return this.view(approvalId)
  }

  /** The live request (or exempt reply) for exactly these words and target, if there is one. */
  private sameSubmission(conversationId: number, authorId: number, bodyHash: string): { approvalId: string | null; itemId: string | null } | null {
    for (const a of this.deps.store.live(conversationId, authorId)) {
      if (a.bodyHash !== bodyHash) continue
      const item = this.deps.outbox.byApproval(a.id).find((i) => i.state !== 'cancelled' && i.state !== 'failed')
      if (a.status === 'pending' || item) return { approvalId: a.id, itemId: item?.id ?? null }
    }
    const exempt = this.deps.outbox
      .ofAuthor(conversationId, authorId)
      .find((i) => i.approvalId === null && i.bodyHash === bodyHash && ['queued', 'sending', 'unconfirmed'].includes(i.state))
    return exempt ? { approvalId: null, itemId: exempt.id } : null
  }

  /**
   * Voids the author's live requests in this conversation and takes their replies
   * out of the outbox, unless a reply already started sending (then it is too late,
   * and the approval stays with what went out). Returns whether anything changed.
   */
  private withdraw(conversationId: number, authorId: number, reason: string, changes: Changes, auditEdit = false): boolean {
    const at = this.deps.clock.now()
    const actor = { id: authorId, role: this.deps.profiles.get(authorId)?.role ?? 'agent' } as const
    let edited = false
    const noteEdit = (): void => {
      if (auditEdit && !edited) this.deps.audit.append({ at, profileId: authorId, conversationId, kind: 'edited', payload: { by: 'author', reason } })
      edited = true
    }
    for (const a of this.deps.store.live(conversationId, authorId)) {
      const items = this.deps.outbox.byApproval(a.id)
      if (items.some((i) => i.state === 'sending' || i.state === 'sent' || i.state === 'unconfirmed')) continue
      const outcome = approvalTransition(factsOf(a, []), auditEdit ? 'edit' : 'withdraw', actor)
      if (!outcome.ok) continue
      noteEdit()
      for (const item of items.filter((i) => i.state === 'queued' || i.state === 'failed')) {
        this.deps.queue.cancel(item, authorId, reason)
        changes.items.add(item.id)
      }
      // queue.cancel voids an approved request itself; a pending one is voided here.
      if (this.deps.store.setState(a.id, a.status, { status: 'void', step: a.step, decidedAt: at, at })) {
        this.deps.audit.append({ at, profileId: authorId, conversationId, kind: 'voided', payload: { approvalId: a.id, reason } })
      }
      changes.approvals.set(a.id, conversationId)
    }
    for (const item of this.deps.outbox.ofAuthor(conversationId, authorId)) {
      if (item.approvalId !== null || (item.state !== 'queued' && item.state !== 'failed')) continue
      noteEdit()
      this.deps.queue.cancel(item, authorId, reason)
      changes.items.add(item.id)
    }
    return edited
  }

  /** The allowed next state (never 'draft' after a decision), or the refusal as a plain-words error. */
  private check(outcome: Outcome): { status: ApprovalStatus; step: number } {
    if (!outcome.ok) throw new ParleyError(outcome.kind === 'permission' ? 'unauthorized' : 'conflict', outcome.message)
    if (outcome.status === 'draft') throw new Error('approval: no transition leads back to draft')
    return { status: outcome.status, step: outcome.step }
  }

  private require(approvalId: string): ApprovalRecord {
    const a = this.deps.store.get(approvalId)
    if (!a) throw new ParleyError('not_found', 'That approval request does not exist.')
    return a
  }

  private view(approvalId: string): Approval {
    return this.toView(this.require(approvalId))
  }

  private toView(a: ApprovalRecord): Approval {
    return toApproval(a, this.deps.store.decisions(a.id), {
      profile: (id) => this.profile(id),
      now: this.deps.clock.now(),
      deadline: a.status === 'pending' || a.status === 'approved' ? this.deps.targets.deadline(a.conversationId) : null,
    })
  }

  private profile(id: number): Profile {
    const p = this.deps.profiles.get(id)
    return p ? asProfile(p) : { id, name: `Profile ${id}`, role: 'agent' }
  }

  private item(id: string | null): OutboxItem | null {
    const record: OutboxRecord | null = id ? this.deps.outbox.get(id) : null
    return record ? toItem(record) : null
  }

  private publish(changes: Changes): void {
    for (const approvalId of changes.approvals.keys()) {
      const a = this.deps.store.get(approvalId)
      if (a) this.deps.events.emit('approvals.changed', approvalChange(a, this.deps.store.decisions(a.id)))
    }
    for (const id of changes.items) {
      const item = this.deps.outbox.get(id)
      if (item) this.deps.events.emit('outbox.changed', { conversationId: item.conversationId, itemId: id, state: item.state, held: item.holdReason !== null })
    }
    if (changes.items.size) this.deps.nudges.nudge()
  }
}
