import { approvalChange } from '../features/approval/change'
import { PolicyStore } from '../features/approval/policy-store'
import { ApprovalsService } from '../features/approval/service'
import { ApprovalStore } from '../store/approvals'
import { TargetResolver } from '../features/reply/target'
import { AuditLog } from '../store/audit'
import type { ConnectorRegistry } from '../features/connectors/registry'
import type { InboxHooks, InboxService } from '../features/inbox/service'
import { Deliverer, defaultDeliveryOptions, type SendLease } from '../features/outbox/deliver'
import { ModerationQueue } from '../features/outbox/moderation'
import { OutboxEngine } from '../features/outbox/engine'
import { OutboxQueue } from '../features/outbox/queue'
import { OutboxService } from '../features/outbox/service'
import { OutboxStore, type OutboxRecord } from '../store/outbox'
import { ProfilesService } from '../features/people/service'
import type { ProfileSession } from '../features/people/session'
import type { PeopleStore } from '../store/profiles'
import type { Db } from '../store/database'
import { ReplyTargetReads } from '../store/reply-targets'
import type { UnitOfWork } from '../store/unit-of-work'
import type { SyncEngine } from '../features/sync/engine'
import { realTimers } from '../base/timers'
import type { Stores } from './compose'
import type { CoreConfig } from './config'
import type { EventBus } from '../base/event-bus'

export interface ApprovalParts {
  profiles: ProfilesService
  policy: PolicyStore
  approvals: ApprovalsService
  outbox: OutboxService
  outboxEngine: OutboxEngine
  audit: AuditLog
  /** Platform moderation actions queued as outbox items (the one outbox repository, shared with listening). */
  moderation: ModerationQueue
  /** The approval workflow's repositories and queue, for the team applier (a pulled decision that overrides one lost here). */
  approvalSeams: { approvalStore: ApprovalStore; outboxStore: OutboxStore; queue: OutboxQueue }
}

/**
 * People, approvals, the audit trail and the outbox, composed next to the sync
 * engine (one writer, in the database worker). Called from createCore; fills the
 * inbox's hooks so drafts are saved for the session's profile under the workflow's rules.
 */
export function composeApprovals(
  config: CoreConfig,
  parts: {
    db: Db
    uow: UnitOfWork
    people: PeopleStore
    session: ProfileSession
    events: EventBus
    stores: Stores
    connectors: ConnectorRegistry
    sync: SyncEngine
    inbox: InboxService
    inboxHooks: InboxHooks
    /** The team's lease on sends (a workspace in a team sends approved replies only under it). */
    sendLease?: SendLease
  },
): ApprovalParts {
  const { db, uow, people, session, events, stores, connectors, sync, inbox } = parts
  const clock = config.clock
  const profiles = new ProfilesService(people, session, events, clock)
  const audit = new AuditLog(db)
  const policy = new PolicyStore(stores.settings)
  const approvalStore = new ApprovalStore(db)
  const outboxStore = new OutboxStore(db)
  const targets = new TargetResolver(new ReplyTargetReads(db), connectors)
  const moderation = new ModerationQueue(outboxStore, audit, clock)
  const queue = new OutboxQueue({ store: outboxStore, approvals: approvalStore, audit, clock, undoWindowMs: () => policy.get().undoWindowMs })

  const itemChanged = (item: OutboxRecord, conversationsChanged = false): void => {
    events.emit('outbox.changed', { conversationId: item.conversationId, itemId: item.id, state: item.state, held: item.holdReason !== null })
    const approval = item.approvalId ? approvalStore.get(item.approvalId) : null
    if (approval) events.emit('approvals.changed', approvalChange(approval, approvalStore.decisions(approval.id)))
    if (conversationsChanged) {
      events.emit('conversations.changed', { ids: [item.conversationId], reason: 'update' })
      inbox.publishCounts()
    }
  }

  const deliverer = new Deliverer({
    uow,
    store: outboxStore,
    approvals: approvalStore,
    audit,
    accounts: stores.accounts,
    connectors,
    sync,
    ingest: stores.ingest,
    targets,
    clock,
    random: config.random ?? Math.random,
    changed: itemChanged,
    options: { ...defaultDeliveryOptions, ...config.outbox },
    ...(parts.sendLease ? { lease: parts.sendLease } : {}),
  })
  const outboxEngine = new OutboxEngine({ store: outboxStore, deliverer, clock, timers: config.timers ?? realTimers, events })

  const approvals = new ApprovalsService({
    uow,
    store: approvalStore,
    outbox: outboxStore,
    queue,
    audit,
    policy,
    targets,
    profiles,
    events,
    clock,
    onQueued: () => outboxEngine.nudge(),
  })
  const outbox = new OutboxService({
    uow,
    store: outboxStore,
    approvals: approvalStore,
    queue,
    audit,
    profiles,
    targets,
    clock,
    changed: (item, countsChanged) => {
      itemChanged(item, countsChanged)
      outboxEngine.nudge()
    },
  })

  parts.inboxHooks.currentProfile = () => profiles.currentProfile()
  parts.inboxHooks.wrapDraftSave = (input, save) => approvals.wrapDraftSave(input, save)
  return { profiles, policy, approvals, outbox, outboxEngine, audit, moderation, approvalSeams: { approvalStore, outboxStore, queue } }
}
