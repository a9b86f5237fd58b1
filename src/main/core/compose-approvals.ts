import { ApprovalItemNotices } from '../features/approval/item-notices'
import { PolicyStore } from '../features/approval/policy-store'
import { ApprovalsService } from '../features/approval/service'
import { ApprovalStore } from '../store/approvals'
import { TargetResolver } from '../features/reply/target'
import { AuditLog } from '../store/audit'
import type { ConnectorRegistry } from '../features/connectors/registry'
import type { ConversationNotices } from '../features/inbox/change-notices'
import { Deliverer, defaultDeliveryOptions, type SendLease } from '../features/outbox/deliver'
import { ModerationQueue } from '../features/outbox/moderation'
import { OutboxEngine } from '../features/outbox/engine'
import type { OutboxNudges } from '../features/outbox/nudges'
import { OutboxQueue } from '../features/outbox/queue'
import { OutboxService } from '../features/outbox/service'
import { OutboxStore } from '../store/outbox'
import type { ProfilesService } from '../features/people/service'
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

/** The workflow half: everything but the outbox engine, which sends and so comes after the sync engine. */
export type ApprovalWorkflow = Omit<ApprovalParts, 'outboxEngine'> & { targets: TargetResolver; notices: ApprovalItemNotices }

/**
 * The approval workflow, the audit trail and the outbox's queue, composed before the inbox (whose drafts
 * are saved under the workflow's rules) and before listening (which queues platform actions).
 * Queuing rings the outbox engine's doorbell, so nothing here needs the engine.
 */
export function composeApprovals(
  config: CoreConfig,
  parts: {
    db: Db
    uow: UnitOfWork
    profiles: ProfilesService
    events: EventBus
    stores: Stores
    connectors: ConnectorRegistry
    conversations: ConversationNotices
    nudges: OutboxNudges
  },
): ApprovalWorkflow {
  const { db, uow, profiles, events, stores, connectors, nudges } = parts
  const clock = config.clock
  const audit = new AuditLog(db)
  const policy = new PolicyStore(stores.settings)
  const approvalStore = new ApprovalStore(db)
  const outboxStore = new OutboxStore(db)
  const targets = new TargetResolver(new ReplyTargetReads(db), connectors)
  const moderation = new ModerationQueue(outboxStore, audit, clock)
  const queue = new OutboxQueue({ store: outboxStore, approvals: approvalStore, audit, clock, undoWindowMs: () => policy.get().undoWindowMs })
  const notices = new ApprovalItemNotices(events, approvalStore, parts.conversations)
  const approvals = new ApprovalsService({ uow, store: approvalStore, outbox: outboxStore, queue, audit, policy, targets, profiles, events, clock, nudges })
  const outbox = new OutboxService({ uow, store: outboxStore, approvals: approvalStore, queue, audit, profiles, targets, clock, notices, nudges })
  return { profiles, policy, approvals, outbox, audit, moderation, approvalSeams: { approvalStore, outboxStore, queue }, targets, notices }
}

/**
 * The outbox engine and its deliverer, composed after the sync engine (a send checks the network,
 * cools down with the account's polls and polls once to see its reply come back).
 */
export function composeDelivery(
  config: CoreConfig,
  parts: {
    uow: UnitOfWork
    workflow: ApprovalWorkflow
    events: EventBus
    stores: Stores
    connectors: ConnectorRegistry
    sync: SyncEngine
    nudges: OutboxNudges
    /** The team's lease on sends (a workspace in a team sends approved replies only under it). */
    sendLease?: SendLease
  },
): OutboxEngine {
  const { uow, workflow, stores, sync } = parts
  const clock = config.clock
  const deliverer = new Deliverer({
    uow,
    store: workflow.approvalSeams.outboxStore,
    approvals: workflow.approvalSeams.approvalStore,
    audit: workflow.audit,
    accounts: stores.accounts,
    connectors: parts.connectors,
    sync,
    ingest: stores.ingest,
    targets: workflow.targets,
    clock,
    random: config.random ?? Math.random,
    notices: workflow.notices,
    options: { ...defaultDeliveryOptions, ...config.outbox },
    ...(parts.sendLease ? { lease: parts.sendLease } : {}),
  })
  return new OutboxEngine({ store: workflow.approvalSeams.outboxStore, deliverer, clock, timers: config.timers ?? realTimers, events: parts.events, nudges: parts.nudges })
}
