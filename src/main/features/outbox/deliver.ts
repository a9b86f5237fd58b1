import { crashPoint } from '../../base/crash-point'
import type { OutboxState } from '../../../shared/contract'
import { replyHash, type ReplyTarget } from '../reply/hash'
import type { ApprovalStore } from '../../store/approvals'
import type { TargetResolver } from '../reply/target'
import type { AuditLog } from '../../store/audit'
import type { Clock } from '../../base/clock'
import type { ConnectorRegistry } from '../connectors/registry'
import type { Connector, ConnectorContext, ErrorClass, OutboundReply, ReconcileResult, SendResult } from '../../model/connector'
import type { AccountStore } from '../../store/accounts'
import type { UnitOfWork } from '../../store/unit-of-work'
import type { IngestWriter } from '../../store/ingest'
import { backoffDelay, type BackoffPolicy } from '../../base/backoff'
import type { SyncEngine } from '../sync/engine'
import { deliverModeration, requeueModeration } from './moderation'
import type { OutboxItemNotices } from './nudges'
import { outboxTransition, type OutboxAction } from './state'
import type { OutboxRecord, OutboxStore } from '../../store/outbox'

export interface DeliveryOptions {
  backoff: BackoffPolicy
  /** Tries after which a transient error stops retrying by itself (then reconcile decides: sent, failed or unconfirmed). */
  maxAttempts: number
  /** Poll the account once just before a first attempt, so a reply posted elsewhere is seen. */
  refreshBeforeSend: boolean
  /**
   * A read of the account this recent counts as that poll: a queue of replies, and a team's laptops
   * racing for them, read each account once every few seconds instead of twice per reply (at 150
   * replies that alone ran through Mastodon's 300 requests in five minutes, and nothing went out
   * until the window turned).
   */
  refreshReuseMs: number
  /**
   * How long after the first attempt a resend may rely on the idempotency key alone.
   * Mastodon keeps keys for an hour; past this, reconcile first, so a late retry never posts twice.
   */
  idempotencyTrustMs: number
  /** While offline, how soon to try again. */
  offlineRetryMs: number
}

export const defaultDeliveryOptions: DeliveryOptions = {
  backoff: { baseMs: 5_000, maxMs: 15 * 60_000 },
  maxAttempts: 10,
  refreshBeforeSend: true,
  refreshReuseMs: 5_000,
  idempotencyTrustMs: 45 * 60_000,
  offlineRetryMs: 30_000,
}

/**
 * For a workspace in a team: an approved reply goes out only under the team's lease on it, with the
 * idempotency key the team minted once at approval, so two laptops never both send it. No lease
 * (offline, not shared yet, another laptop holds it): no send.
 */
export interface SendLease {
  inTeam(): boolean
  claim(item: OutboxRecord): Promise<LeaseClaim>
  /** The team's send of this reply (its row sent with these words), or null: asked without claiming anything. */
  sentByTeam(item: OutboxRecord): Promise<{ remoteId: string | null } | null>
}

export type LeaseClaim =
  | { kind: 'lease'; idempotencyKey: string; takeover: boolean; markSent(remoteId: string): Promise<boolean>; release(unconfirmed: boolean): Promise<void> }
  /** Another laptop of the team sent it already. */
  | { kind: 'sent'; remoteId: string | null }
  | { kind: 'none' }
  /** The team answered, but this item may not go from here now (another laptop holds it, or the team's decision has not reached the team or this laptop yet). */
  | { kind: 'wait' }

/**
 * sent and failed end the pass for the item; held waits for the user; requeued and blocked stop the
 * account's queue for now; waiting stops only this item for now (the replies behind it may go).
 */
export type DeliveryOutcome = 'sent' | 'failed' | 'held' | 'requeued' | 'unconfirmed' | 'blocked' | 'waiting' | 'skipped'

export interface DeliveryDeps {
  uow: UnitOfWork
  store: OutboxStore
  approvals: ApprovalStore
  audit: AuditLog
  accounts: AccountStore
  connectors: ConnectorRegistry
  sync: Pick<SyncEngine, 'isOffline' | 'cooldownUntil' | 'connectorContext' | 'pollOnce' | 'refresh'>
  ingest: IngestWriter
  targets: TargetResolver
  clock: Clock
  random: () => number
  /** Told after every committed state change (events, counts). */
  notices: OutboxItemNotices
  options: DeliveryOptions
  /** Set for every workspace; it decides per item whether the team's lease applies. */
  lease?: SendLease
}

interface Prepared {
  connector: Connector
  ctx: ConnectorContext
  reply: OutboundReply
  label: string
}

/**
 * Sends one outbox item, exactly once: every check before the attempt mark,
 * the mark committed before the network call, the outcome recorded after.
 */
export class Deliverer {
  constructor(private readonly deps: DeliveryDeps) {}

  async deliver(start: OutboxRecord): Promise<DeliveryOutcome> {
    const { deps } = this
    // Hide, delete and block ride the same queue; their checks and calls differ from a reply's.
    if (start.kind === 'moderation') return deliverModeration(deps, start)
    const problem = this.refusal(start)
    if (problem) return this.refuse(start, problem)
    if (deps.sync.isOffline()) return 'blocked'
    const account = deps.accounts.get(start.accountId)!
    if (account.status !== 'active') return 'blocked'
    const cooldown = deps.sync.cooldownUntil(start.accountId)
    if (cooldown > deps.clock.now()) {
      deps.store.move(start.id, 'queued', 'queued', { at: deps.clock.now(), notBefore: cooldown, error: start.lastError })
      return 'blocked'
    }
    // A team's reply asks the team first: another laptop may have sent it already, and its post coming
    // back must not read as someone writing in the thread since the draft.
    const teamLease = start.approvalId !== null && deps.lease?.inTeam() ? deps.lease : null
    if (start.attempts === 0 && !teamLease) {
      const checked = await this.checkBeforeFirstTry(start.id)
      if (checked) return checked
    }
    const prepared = await this.prepare(start)
    if (!prepared) return this.refuse(start, 'This reply has no account or platform to go out through any more.')
    let item = this.current(start.id)
    if (!item) return 'skipped'
    if (teamLease) return this.deliverUnderLease(item, prepared, teamLease)
    // A late retry cannot lean on the idempotency key alone: find out first whether an earlier try went out.
    if (item.firstAttemptAt !== null && deps.clock.now() - item.firstAttemptAt > deps.options.idempotencyTrustMs) {
      const found = await this.ask(prepared, item)
      item = this.current(start.id)
      if (!item) return 'skipped'
      if (found.state === 'sent') return this.recordSent(item, 'queued', found.remoteId, found.permalink, null, 'reconciled before a late retry')
      if (found.state === 'unknown') return this.toUnconfirmed(item, 'queued', prepared.label)
    }
    if (!this.mark(item)) return 'skipped'
    let result: SendResult
    try {
      result = await prepared.connector.send(prepared.reply, item.idempotencyKey, prepared.ctx)
    } catch (error) {
      const marked = deps.store.get(item.id)
      return marked ? this.recordError(marked, prepared, prepared.connector.classifyError(error, deps.clock.now())) : 'skipped'
    }
    return this.recordSent({ ...item, state: 'sending' }, 'sending', result.remoteId, result.permalink, result)
  }

  /** The team's lease and key replace the local key's trust window: a takeover always asks the platform first. */
  private async deliverUnderLease(leased: OutboxRecord, prepared: Prepared, lease: SendLease): Promise<DeliveryOutcome> {
    let item = leased
    const claim = await lease.claim(item).catch((): LeaseClaim => ({ kind: 'none' }))
    if (claim.kind === 'none') return 'blocked'
    if (claim.kind === 'wait') return 'waiting'
    if (claim.kind === 'sent') return this.recordSentByTeam(item, 'queued', claim.remoteId)
    // The team's row is this laptop's (sending, a new fence); nothing is marked here yet.
    crashPoint('outbox.claimed')
    const keyed = { ...item, idempotencyKey: claim.idempotencyKey }
    if (claim.takeover) {
      const found = await this.ask(prepared, keyed)
      if (found.state === 'sent') {
        await claim.markSent(found.remoteId).catch(() => false)
        return this.recordSent(item, 'queued', found.remoteId, found.permalink, null, 'found on the platform by the team key')
      }
      if (found.state === 'unknown') {
        await claim.release(true).catch(() => undefined)
        return 'blocked'
      }
    }
    // Checked under the lease, after a takeover's question: a reply another laptop posted is not new activity here.
    if (item.attempts === 0) {
      const checked = await this.checkBeforeFirstTry(item.id)
      if (checked) {
        await claim.release(false).catch(() => undefined)
        return checked
      }
      const fresh = this.current(item.id)
      if (!fresh) {
        await claim.release(false).catch(() => undefined)
        return 'skipped'
      }
      item = fresh
    }
    if (!this.mark(item)) {
      await claim.release(false).catch(() => undefined)
      return 'skipped'
    }
    // Marked sending here, not posted.
    crashPoint('outbox.marked')
    let result: SendResult
    try {
      result = await prepared.connector.send(prepared.reply, claim.idempotencyKey, prepared.ctx)
    } catch (error) {
      // The outcome may be unknown: whoever claims it next asks the platform by the team key first.
      await claim.release(true).catch(() => undefined)
      const marked = this.deps.store.get(item.id)
      return marked ? this.recordError(marked, prepared, prepared.connector.classifyError(error, this.deps.clock.now())) : 'skipped'
    }
    // Posted, marked nowhere.
    crashPoint('outbox.posted')
    // Fenced out (another laptop took over meanwhile): its reconcile finds this send by the key.
    await claim.markSent(result.remoteId).catch(() => false)
    // The team's row is sent; this laptop's is still sending.
    crashPoint('outbox.teamMarked')
    return this.recordSent({ ...item, state: 'sending' }, 'sending', result.remoteId, result.permalink, result)
  }

  /**
   * Before a reply's first try: a fresh read when asked for, then a hold when someone wrote in the
   * thread since the draft. Notes and Parley's activity lines never count. The brand's own posts do,
   * in a team too: one may be this reply, posted by a laptop that died before marking it sent and
   * no longer among the posts a takeover's reconcile looks through; holding it is what keeps it single.
   */
  private async checkBeforeFirstTry(itemId: string): Promise<DeliveryOutcome | null> {
    const { deps } = this
    const start = deps.store.get(itemId)
    if (!start) return 'skipped'
    if (deps.options.refreshBeforeSend) {
      await deps.sync.refresh(start.accountId, deps.options.refreshReuseMs).catch(() => [])
      // The fresh read found the network gone: no attempt until it is back.
      if (deps.sync.isOffline()) return 'blocked'
    }
    const fresh = this.current(itemId)
    if (!fresh) return 'skipped'
    // Someone wrote in the thread after the draft was written (here or in another tool): the user decides.
    if (deps.store.newerMessages(fresh.conversationId, fresh.baseMessageId) > 0) return this.hold(fresh)
    return null
  }

  /** At start-up: an item left in 'sending' is asked about, never blindly resent. */
  async reconcile(item: OutboxRecord): Promise<DeliveryOutcome> {
    if (item.kind === 'moderation') return requeueModeration(this.deps, item)
    const prepared = await this.prepare(item).catch(() => null)
    const teamLease = item.approvalId !== null && this.deps.lease?.inTeam() ? this.deps.lease : null
    let found: ReconcileResult | null = null
    if (prepared && teamLease) {
      const underLease = await this.reconcileUnderLease(item, prepared, teamLease)
      if ('outcome' in underLease) return underLease.outcome
      found = underLease.found
    }
    found ??= prepared ? await this.ask(prepared, item) : { state: 'unknown' }
    if (found.state === 'sent') return this.recordSent(item, 'sending', found.remoteId, found.permalink, null, 'found on the platform after a restart')
    if (found.state === 'unknown') return this.toUnconfirmed(item, 'sending', prepared?.label ?? 'the platform')
    // Sure it did not go out: back in the queue, at once, with the same key.
    const requeued = this.apply(item, 'reconciled_not_sent', () => {
      const at = this.deps.clock.now()
      if (!this.deps.store.move(item.id, 'sending', 'queued', { at, notBefore: at, error: null })) return false
      this.deps.audit.append({ at, profileId: null, conversationId: item.conversationId, kind: 'queued', payload: { itemId: item.id, reconciled: 'not_sent' } })
      return true
    })
    return requeued ? 'requeued' : 'skipped'
  }

  /**
   * A team's reply left sending by a crash went out (if at all) under the team's lease and key: this
   * laptop takes its own lease back, asks the platform by the team's key, and settles the team's row
   * with its local item, so the row does not wait out the lease for another laptop to find the post.
   * found is null when the team cannot be asked or another laptop holds the reply now (then the local
   * question decides, and a later send needs the team's lease anyway).
   */
  private async reconcileUnderLease(item: OutboxRecord, prepared: Prepared, lease: SendLease): Promise<{ outcome: DeliveryOutcome } | { found: ReconcileResult | null }> {
    const claim = await lease.claim(item).catch((): LeaseClaim => ({ kind: 'none' }))
    if (claim.kind === 'sent') return { outcome: this.recordSentByTeam(item, 'sending', claim.remoteId) }
    if (claim.kind !== 'lease') return { found: null }
    // Not a takeover: the team's row was queued and known not sent, so nothing went out under its key.
    const found: ReconcileResult = claim.takeover ? await this.ask(prepared, { ...item, idempotencyKey: claim.idempotencyKey }) : { state: 'not_sent' }
    if (found.state === 'sent') {
      await claim.markSent(found.remoteId).catch(() => false)
      return { outcome: this.recordSent(item, 'sending', found.remoteId, found.permalink, null, 'found on the platform by the team key after a restart') }
    }
    // Not sent: the row goes back to the team's queue and the local item is requeued; the send takes a new claim.
    // Unknown: whoever claims it next asks the platform first.
    await claim.release(found.state !== 'not_sent').catch(() => undefined)
    return { found }
  }

  /**
   * A team's reply left unconfirmed here (this laptop could not find out whether its send arrived) is
   * sent when the team's row for its approval is sent with the same words: another laptop, or a
   * takeover that asked the platform by the team's key, confirmed it. Recorded as that send, never
   * posted again. null when the item is not a team's unconfirmed reply, or the team has not sent it.
   */
  async settleFromTeam(item: OutboxRecord): Promise<DeliveryOutcome | null> {
    const lease = this.deps.lease
    if (item.state !== 'unconfirmed' || item.approvalId === null || !lease?.inTeam()) return null
    const sent = await lease.sentByTeam(item).catch(() => null)
    // Recorded without polling for the copy: the sending laptop stored it, and it arrives through the team's log.
    return sent ? this.recordSentByTeam(item, 'unconfirmed', sent.remoteId) : null
  }

  /** Why this item may not go out at all, or null. The approval must still cover these exact words and target. */
  refusal(item: OutboxRecord): string | null {
    const account = this.deps.accounts.get(item.accountId)
    if (!account || account.status === 'removed') return 'The channel account was removed, so this reply cannot be sent.'
    if (account.isDemo) return 'This is a demo conversation; nothing is sent to any platform.'
    if (!item.inReplyTo) return 'This reply has nothing to answer.'
    const sealed = this.sealed(item, item.inReplyTo)
    const hash = replyHash(item.body, sealed)
    if (hash !== item.bodyHash) return 'The text of this reply does not match what was approved, so it was not sent. Submit it again.'
    if (item.approvalId === null) return item.exemptReason ? null : 'This reply was never approved, so it was not sent. Submit it for approval.'
    const approval = this.deps.approvals.get(item.approvalId)
    if (!approval || approval.status !== 'approved' || approval.bodyHash !== item.bodyHash) {
      return 'The approval of this reply no longer holds (it was edited or withdrawn after approval), so it was not sent. Submit it again.'
    }
    return null
  }

  /** What the approval's hash binds besides the words, worked out again from the stored parent. */
  private sealed(item: OutboxRecord, inReplyTo: string): ReplyTarget {
    const kind = this.deps.targets.replyPlace(item.conversationId)?.kind ?? 'comment'
    return this.deps.targets.sealed({ accountId: item.accountId, inReplyTo, kind })
  }

  private current(id: string): OutboxRecord | null {
    const item = this.deps.store.get(id)
    return item && item.state === 'queued' && item.holdReason === null ? item : null
  }

  private async prepare(item: OutboxRecord): Promise<Prepared | null> {
    const account = this.deps.accounts.get(item.accountId)
    const place = this.deps.targets.replyPlace(item.conversationId)
    if (!account || !place || !this.deps.connectors.has(account.platform) || !item.inReplyTo) return null
    const ctx = await this.deps.sync.connectorContext(account.id)
    if (!ctx) return null
    const connector = this.deps.connectors.get(account.platform)
    // The subject line (e-mail) the approval covered; the connector refuses to send under any other.
    const { subject } = this.sealed(item, item.inReplyTo)
    const reply: OutboundReply = { text: item.body, inReplyTo: item.inReplyTo, conversationKey: place.conversationKey, kind: place.kind, ...(subject === undefined ? {} : { subject }) }
    return { connector, ctx, reply, label: connector.label }
  }

  private async ask(p: Prepared, item: OutboxRecord): Promise<ReconcileResult> {
    try {
      return await p.connector.reconcile(p.reply, item.idempotencyKey, p.ctx)
    } catch {
      return { state: 'unknown' }
    }
  }

  /**
   * One committed state change, if the state machine allows it from the item's state. The write
   * compares-and-sets; false (nothing written, no event) when something else moved the item first.
   */
  private apply(item: OutboxRecord, action: OutboxAction, write: () => boolean, conversationsChanged = false): boolean {
    if (!outboxTransition({ state: item.state, held: item.holdReason !== null }, action).ok) return false
    if (!this.deps.uow.run(write)) return false
    const after = this.deps.store.get(item.id)
    if (after) this.deps.notices.changed(after, conversationsChanged)
    return true
  }

  private refuse(item: OutboxRecord, message: string): DeliveryOutcome {
    const done = this.apply(item, 'refuse', () => {
      const at = this.deps.clock.now()
      if (!this.deps.store.move(item.id, 'queued', 'failed', { at, error: message })) return false
      this.deps.audit.append({ at, profileId: null, conversationId: item.conversationId, kind: 'failed', payload: { itemId: item.id, message, attempted: false } })
      return true
    })
    return done ? 'failed' : 'skipped'
  }

  private hold(item: OutboxRecord): DeliveryOutcome {
    const reason = 'Someone wrote in this conversation after the reply was drafted. Read it, then send anyway or cancel.'
    return this.apply(item, 'hold', () => {
      const at = this.deps.clock.now()
      if (!this.deps.store.hold(item.id, reason, at)) return false
      this.deps.audit.append({ at, profileId: null, conversationId: item.conversationId, kind: 'held', payload: { itemId: item.id, reason: 'new activity' } })
      return true
    })
      ? 'held'
      : 'skipped'
  }

  /** The attempt mark and its audit event, committed before the network call. */
  private mark(item: OutboxRecord): boolean {
    return this.apply(item, 'start', () => {
      const at = this.deps.clock.now()
      if (!this.deps.store.startSending(item.id, at)) return false
      this.deps.audit.append({ at, profileId: null, conversationId: item.conversationId, kind: 'sending', payload: { itemId: item.id, attempt: item.attempts + 1, idempotencyKey: item.idempotencyKey } })
      return true
    })
  }

  /**
   * Another laptop of the team sent it. That laptop stored the platform's copy of the post, which reaches
   * this one through the team's log: no poll for it here (one per reply per laptop used up the rate limit).
   */
  private recordSentByTeam(item: OutboxRecord, from: OutboxState, remoteId: string | null): DeliveryOutcome {
    return this.recordSent(item, from, remoteId, null, null, 'sent by another laptop of the team', false)
  }

  private recordSent(item: OutboxRecord, from: OutboxState, remoteId: string | null, permalink: string | null, result: SendResult | null, note?: string, pollForCopy = true): DeliveryOutcome {
    const action: OutboxAction = from === 'sending' && result ? 'succeeded' : 'reconciled_sent'
    const done = this.apply(
      { ...item, state: from },
      action,
      () => {
        const at = this.deps.clock.now()
        if (!this.deps.store.markSent(item.id, from, remoteId, permalink, at)) return false
        // The platform's copy of the reply goes into the thread at once; the next poll finds it by remote id.
        if (result?.item) this.deps.ingest.ingest(item.accountId, [result.item])
        if (remoteId) this.deps.store.attributeMessage(item.accountId, remoteId, item.conversationId, item.authorId)
        this.deps.audit.append({ at, profileId: null, conversationId: item.conversationId, kind: 'sent', payload: { itemId: item.id, remoteId, permalink, ...(note ? { note } : {}) } })
        if (item.authorId !== null) this.deps.approvals.deleteDraftIfBody(item.conversationId, item.authorId, item.body)
        return true
      },
      true,
    )
    // Found rather than sent here: the next poll brings the platform's copy into the thread.
    if (done && !result && pollForCopy) void this.deps.sync.pollOnce([item.accountId]).catch(() => [])
    return done ? 'sent' : 'skipped'
  }

  private toUnconfirmed(item: OutboxRecord, from: OutboxState, label: string): DeliveryOutcome {
    const message = `Parley could not find out whether this reply reached ${label}. Check the conversation there, then mark it as sent or send it again.`
    const done = this.apply({ ...item, state: from }, 'unknown', () => {
      const at = this.deps.clock.now()
      if (!this.deps.store.move(item.id, from, 'unconfirmed', { at, error: message })) return false
      this.deps.audit.append({ at, profileId: null, conversationId: item.conversationId, kind: 'unconfirmed', payload: { itemId: item.id } })
      return true
    })
    return done ? 'unconfirmed' : 'skipped'
  }

  private async recordError(item: OutboxRecord, p: Prepared, verdict: ErrorClass): Promise<DeliveryOutcome> {
    const { deps } = this
    if (verdict.kind === 'retry' && verdict.mayHaveArrived) {
      // The platform had the whole reply when the line dropped: it may have taken it. Ask before any resend.
      const found = await this.ask(p, item)
      if (found.state === 'sent') return this.recordSent(item, 'sending', found.remoteId, found.permalink, null, 'found after the connection ended')
      if (found.state === 'unknown') return this.toUnconfirmed(item, 'sending', p.label)
    }
    const at = deps.clock.now()
    if (verdict.kind === 'bad_request' || verdict.kind === 'reauth' || verdict.kind === 'disconnect') {
      const ok = this.apply(item, 'permanent', () => {
        if (!deps.store.move(item.id, 'sending', 'failed', { at, error: verdict.message })) return false
        deps.audit.append({ at, profileId: null, conversationId: item.conversationId, kind: 'failed', payload: { itemId: item.id, message: verdict.message, kind: verdict.kind } })
        return true
      })
      return ok ? 'failed' : 'skipped'
    }
    if (verdict.kind === 'retry' && item.attempts >= deps.options.maxAttempts) {
      // Out of patience: only the platform can say whether one of the tries went out.
      const found = await this.ask(p, item)
      if (found.state === 'sent') return this.recordSent(item, 'sending', found.remoteId, found.permalink, null, 'found after repeated errors')
      if (found.state === 'unknown') return this.toUnconfirmed(item, 'sending', p.label)
      const message = `Gave up after ${item.attempts} tries: ${verdict.message}`
      return this.apply(item, 'permanent', () => {
        if (!deps.store.move(item.id, 'sending', 'failed', { at, error: message })) return false
        deps.audit.append({ at, profileId: null, conversationId: item.conversationId, kind: 'failed', payload: { itemId: item.id, message, kind: 'retry' } })
        return true
      })
        ? 'failed'
        : 'skipped'
    }
    const notBefore =
      verdict.kind === 'rate_limited'
        ? Math.max(verdict.until, at)
        : verdict.kind === 'offline'
          ? at + deps.options.offlineRetryMs
          : at + backoffDelay(item.attempts, deps.options.backoff, deps.random)
    // Same key next time: a retry of a post that did arrive returns that post instead of a second one.
    return this.apply(item, 'transient', () => {
      if (!deps.store.move(item.id, 'sending', 'queued', { at, notBefore, error: verdict.message })) return false
      deps.audit.append({ at, profileId: null, conversationId: item.conversationId, kind: 'queued', payload: { itemId: item.id, retryAt: notBefore, error: verdict.kind } })
      return true
    })
      ? 'requeued'
      : 'skipped'
  }
}
