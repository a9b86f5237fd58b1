import { approvalChange } from '../features/approval/change'
import { PolicyStore } from '../features/approval/policy-store'
import { ApprovalsService } from '../features/approval/service'
import { ApprovalStore } from '../features/approval/store'
import { TargetResolver } from '../features/approval/target'
import { AuditLog } from '../features/audit/log'
import type { ConnectorRegistry } from '../features/connectors/registry'
import type { InboxHooks, InboxService } from '../features/inbox/service'
import { Deliverer, defaultDeliveryOptions } from '../features/outbox/deliver'
import { OutboxEngine } from '../features/outbox/engine'
import { OutboxQueue } from '../features/outbox/queue'
import { OutboxService } from '../features/outbox/service'
import { OutboxStore, type OutboxRecord } from '../features/outbox/store'
import { ProfilesService } from '../features/people/service'
import { ProfileSession } from '../features/people/session'
import { PeopleStore } from '../features/people/store'
import type { Db } from '../store/database'
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
}

/**
 * People, approvals, the audit trail and the outbox, composed next to the sync
 * engine (one writer, in the database worker). Called from createCore; fills the
 * inbox's hooks so drafts are saved for the session's profile under the workflow's rules.
 */
export function composeApprovals(
  config: CoreConfig,
  parts: { db: Db; events: EventBus; stores: Stores; connectors: ConnectorRegistry; sync: SyncEngine; inbox: InboxService; inboxHooks: InboxHooks },
): ApprovalParts {
  const { db, events, stores, connectors, sync, inbox } = parts
  const clock = config.clock
  const people = new PeopleStore(db)
  const session = new ProfileSession(people, stores.settings, () => stores.profiles.current(clock.now()))
  const profiles = new ProfilesService(people, session, events, clock)
  const audit = new AuditLog(db)
  const policy = new PolicyStore(stores.settings)
  const approvalStore = new ApprovalStore(db)
  const outboxStore = new OutboxStore(db)
  const targets = new TargetResolver(db, connectors)
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
    db,
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
  })
  const outboxEngine = new OutboxEngine({ store: outboxStore, deliverer, clock, timers: config.timers ?? realTimers, events })

  const approvals = new ApprovalsService({
    db,
    store: approvalStore,
    outbox: outboxStore,
    queue,
    audit,
    policy,
    targets,
    profiles,
    events,
    clock,
    publishCounts: () => inbox.publishCounts(),
    onQueued: () => outboxEngine.nudge(),
  })
  const outbox = new OutboxService({
    db,
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
  return { profiles, policy, approvals, outbox, outboxEngine, audit }
}
