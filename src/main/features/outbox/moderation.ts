import { createHash, randomUUID } from 'node:crypto'
import type { AuditLog } from '../../store/audit'
import type { Clock } from '../../base/clock'
import type { ModerationAction } from '../../model/connector'
import { backoffDelay } from '../../base/backoff'
import type { DeliveryDeps, DeliveryOutcome } from './deliver'
import { outboxTransition, type OutboxAction } from './state'
import type { OutboxRecord, OutboxStore } from '../../store/outbox'

export interface ModerationRequest {
  conversationId: number
  accountId: number
  action: ModerationAction
  /** What the Outbox screen shows: "Block @spam_bot". */
  label: string
  /** Remote id of the item or author acted on. */
  target: string
  /** "Rule 'Spam links'" or the person's name. */
  requestedBy: string
  profileId: number | null
  /** Held until a supervisor releases it, when the approval policy says so. */
  holdReason: string | null
  undoWindowMs: number
}

/**
 * Queues a platform moderation action as an outbox item (kind 'moderation'): offline-safe and retried
 * like a reply, visible and cancellable in the Outbox during its undo window. The item's key is fixed at
 * enqueue; connectors make these actions idempotent (Mastodon's block and delete are; Bluesky's block
 * record gets a key derived from it), so a retry or a restart never acts twice.
 */
export class ModerationQueue {
  constructor(
    private readonly store: OutboxStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Runs inside the caller's transaction. */
  enqueue(r: ModerationRequest): OutboxRecord {
    const at = this.clock.now()
    const id = randomUUID()
    const action = JSON.stringify(r.action)
    const item = this.store.insertModeration({
      id,
      conversationId: r.conversationId,
      accountId: r.accountId,
      profileId: r.profileId,
      label: r.label,
      hash: createHash('sha256').update(action).digest('hex'),
      target: r.target,
      key: randomUUID(),
      requestedBy: r.requestedBy,
      hold: r.holdReason,
      notBefore: at + r.undoWindowMs,
      at,
      action,
    })
    this.audit.append({ at, profileId: r.profileId, conversationId: r.conversationId, kind: 'queued', payload: { itemId: id, moderation: r.action.kind, requestedBy: r.requestedBy, held: r.holdReason !== null } })
    return item
  }
}

function apply(deps: DeliveryDeps, item: OutboxRecord, action: OutboxAction, write: () => boolean): boolean {
  if (!outboxTransition({ state: item.state, held: item.holdReason !== null }, action).ok) return false
  if (!deps.uow.run(write)) return false
  const after = deps.store.get(item.id)
  if (after) deps.notices.changed(after, false)
  return true
}

function audited(audit: AuditLog, item: OutboxRecord, at: number, kind: 'failed' | 'sending' | 'sent' | 'queued', payload: Record<string, unknown>): void {
  audit.append({ at, profileId: null, conversationId: item.conversationId, kind, payload: { itemId: item.id, moderation: true, ...payload } })
}

function fail(deps: DeliveryDeps, item: OutboxRecord, from: 'queued' | 'sending', message: string): DeliveryOutcome {
  return apply(deps, item, from === 'queued' ? 'refuse' : 'permanent', () => {
    const at = deps.clock.now()
    if (!deps.store.move(item.id, from, 'failed', { at, error: message })) return false
    audited(deps.audit, item, at, 'failed', { message })
    return true
  })
    ? 'failed'
    : 'skipped'
}

/** One moderation item: checks, the attempt mark committed first, the platform call, the outcome. */
export async function deliverModeration(deps: DeliveryDeps, start: OutboxRecord): Promise<DeliveryOutcome> {
  const account = deps.accounts.get(start.accountId)
  if (!account || account.status === 'removed') return fail(deps, start, 'queued', 'The channel account was removed, so this action cannot be carried out.')
  if (account.isDemo) return fail(deps, start, 'queued', 'This is a demo conversation; nothing is sent to any platform.')
  if (!start.action) return fail(deps, start, 'queued', 'This moderation item has no action.')
  if (deps.sync.isOffline() || account.status !== 'active') return 'blocked'
  const cooldown = deps.sync.cooldownUntil(start.accountId)
  if (cooldown > deps.clock.now()) {
    deps.store.move(start.id, 'queued', 'queued', { at: deps.clock.now(), notBefore: cooldown, error: start.lastError })
    return 'blocked'
  }
  if (!deps.connectors.has(account.platform)) return fail(deps, start, 'queued', 'This platform is not available any more.')
  const connector = deps.connectors.get(account.platform)
  const action = JSON.parse(start.action) as ModerationAction
  const capability = action.kind
  if (!connector.capabilities.has(capability)) return fail(deps, start, 'queued', `${connector.label} does not let Parley ${capability} here.`)
  const ctx = await deps.sync.connectorContext(account.id)
  if (!ctx) return 'blocked'
  const item = deps.store.get(start.id)
  if (!item || item.state !== 'queued' || item.holdReason !== null) return 'skipped'
  const marked = apply(deps, item, 'start', () => {
    const at = deps.clock.now()
    if (!deps.store.startSending(item.id, at)) return false
    audited(deps.audit, item, at, 'sending', { attempt: item.attempts + 1 })
    return true
  })
  if (!marked) return 'skipped'
  const sending = { ...item, state: 'sending' as const, attempts: item.attempts + 1 }
  try {
    await connector.moderate({ ...action, key: item.idempotencyKey }, ctx)
  } catch (error) {
    const verdict = connector.classifyError(error, deps.clock.now())
    const at = deps.clock.now()
    if (verdict.kind === 'bad_request' || verdict.kind === 'reauth' || verdict.kind === 'disconnect' || (verdict.kind === 'retry' && sending.attempts >= deps.options.maxAttempts)) {
      return fail(deps, sending, 'sending', verdict.message)
    }
    const notBefore = verdict.kind === 'rate_limited' ? Math.max(verdict.until, at) : verdict.kind === 'offline' ? at + deps.options.offlineRetryMs : at + backoffDelay(sending.attempts, deps.options.backoff, deps.random)
    return apply(deps, sending, 'transient', () => {
      if (!deps.store.move(item.id, 'sending', 'queued', { at, notBefore, error: verdict.message })) return false
      audited(deps.audit, item, at, 'queued', { retryAt: notBefore, error: verdict.kind })
      return true
    })
      ? 'requeued'
      : 'skipped'
  }
  return apply(deps, sending, 'succeeded', () => {
    const at = deps.clock.now()
    if (!deps.store.markSent(item.id, 'sending', null, null, at)) return false
    audited(deps.audit, item, at, 'sent', {})
    return true
  })
    ? 'sent'
    : 'skipped'
}

/** After a crash: these actions are idempotent at the platform, so an unfinished one simply goes again with the same key. */
export function requeueModeration(deps: DeliveryDeps, item: OutboxRecord): DeliveryOutcome {
  return apply(deps, item, 'reconciled_not_sent', () => {
    const at = deps.clock.now()
    if (!deps.store.move(item.id, 'sending', 'queued', { at, notBefore: at, error: null })) return false
    audited(deps.audit, item, at, 'queued', { reconciled: 'idempotent action, retried' })
    return true
  })
    ? 'requeued'
    : 'skipped'
}
