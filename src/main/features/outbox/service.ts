import { ParleyError, type OutboxItem, type OutboxState } from '../../../shared/contract'
import type { ApprovalStore } from '../../store/approvals'
import type { TargetResolver } from '../reply/target'
import type { AuditLog } from '../../store/audit'
import type { Clock } from '../../base/clock'
import type { ProfilesService } from '../people/service'
import type { ProfileRecord } from '../../store/profiles'
import type { UnitOfWork } from '../../store/unit-of-work'
import type { OutboxItemNotices, OutboxNudges } from './nudges'
import type { OutboxQueue } from './queue'
import { requireTransition, type OutboxAction } from './state'
import { toItem, type OutboxRecord, type OutboxStore } from '../../store/outbox'

export interface OutboxServiceDeps {
  uow: UnitOfWork
  store: OutboxStore
  approvals: ApprovalStore
  queue: OutboxQueue
  audit: AuditLog
  profiles: ProfilesService
  targets: TargetResolver
  clock: Clock
  /** After a committed change: the events (with the counts when view counts moved)… */
  notices: OutboxItemNotices
  /** …and a nudge to the scheduler. */
  nudges: OutboxNudges
}

const conflict = (message: string): Error => new ParleyError('conflict', message)

/** What the user does with the outbox: see it, undo, retry, release a held reply, settle an unconfirmed one. */
export class OutboxService {
  constructor(private readonly deps: OutboxServiceDeps) {}

  list(q: { conversationId?: number; states?: OutboxState[]; limit: number }): OutboxItem[] {
    return this.deps.store.list(q).map((r) => ({ ...toItem(r), answering: this.deps.store.answering(r) }))
  }

  cancel(id: string, reopenApproval = false): OutboxItem {
    // A reopened request is back in Needs approval: the sidebar counts and the list change too.
    return this.act(
      id,
      'cancel',
      (item, me) => {
        this.deps.queue.cancel(item, me.id, reopenApproval ? `approval taken back by ${me.name}` : `cancelled by ${me.name}`, reopenApproval)
        return true
      },
      reopenApproval,
    )
  }

  retry(id: string): OutboxItem {
    return this.act(id, 'retry', (item, me, at) => {
      if (!this.deps.store.move(item.id, 'failed', 'queued', { at, notBefore: at, error: item.lastError })) return false
      this.deps.audit.append({ at, profileId: me.id, conversationId: item.conversationId, kind: 'queued', payload: { itemId: item.id, retry: true } })
      return true
    })
  }

  /**
   * The user read the new activity and sends anyway: what they saw becomes the new base. The reply
   * waits the undo window again, so "send anyway" can still be taken back like any approval.
   */
  release(id: string): OutboxItem {
    return this.act(id, 'release', (item, me, at) => {
      const notBefore = at + this.deps.queue.undoWindowMs()
      if (!this.deps.store.release(item.id, this.deps.targets.newestMessageId(item.conversationId), at, notBefore)) return false
      this.deps.audit.append({ at, profileId: me.id, conversationId: item.conversationId, kind: 'released', payload: { itemId: item.id, notBefore } })
      return true
    })
  }

  resolveUnconfirmed(id: string, resolution: 'sent' | 'resend'): OutboxItem {
    return this.act(id, resolution === 'sent' ? 'resolve_sent' : 'resolve_resend', (item, me, at) => {
      if (resolution === 'resend') {
        // Same idempotency key: if the first try did arrive after all and the platform still remembers it, no second post.
        if (!this.deps.store.move(item.id, 'unconfirmed', 'queued', { at, notBefore: at, error: null })) return false
        this.deps.audit.append({ at, profileId: me.id, conversationId: item.conversationId, kind: 'queued', payload: { itemId: item.id, resend: true } })
        return true
      }
      if (!this.deps.store.markSent(item.id, 'unconfirmed', null, null, at)) return false
      this.deps.audit.append({ at, profileId: me.id, conversationId: item.conversationId, kind: 'sent', payload: { itemId: item.id, confirmedBy: 'user' } })
      if (item.authorId !== null) this.deps.approvals.deleteDraftIfBody(item.conversationId, item.authorId, item.body)
      return true
    })
  }

  /** The author, or a supervisor or admin, may act on a reply; every action is audited under the acting profile. */
  private act(id: string, action: OutboxAction, write: (item: OutboxRecord, me: ProfileRecord, at: number) => boolean, countsChanged = false): OutboxItem {
    const me = this.deps.profiles.current()
    const changed = this.deps.uow.run(() => {
      const item = this.deps.store.get(id)
      if (!item) throw new ParleyError('not_found', 'That reply is not in the outbox.')
      if (item.authorId !== me.id && me.role === 'agent') throw new ParleyError('unauthorized', 'Only its author, a supervisor or an admin can change a reply in the outbox.')
      requireTransition({ state: item.state, held: item.holdReason !== null }, action, conflict)
      if (!write(item, me, this.deps.clock.now())) throw conflict('It changed meanwhile (it may be sending now). Look at the outbox again.')
      return this.deps.store.get(id)!
    })
    this.deps.notices.changed(changed, countsChanged)
    this.deps.nudges.nudge()
    return toItem(changed)
  }
}
