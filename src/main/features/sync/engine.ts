import type { AccountHealth } from '../../../shared/contract'
import type { Clock } from '../../base/clock'
import type { EventBus } from '../../base/event-bus'
import type { HttpClient } from '../../base/http'
import type { ConnectorRegistry } from '../connectors/registry'
import type { ConnectorContext, ErrorClass, StreamWatch } from '../../model/connector'
import type { AccountRecord, AccountStore } from '../../store/accounts'
import type { NormalizedItem } from '../../model/items'
import type { PreparedItem } from '../../model/prepared-item'
import type { ItemPreparer } from '../ingest/item-preparer'
import type { IngestResult, IngestWriter } from '../../store/ingest'
import { toStreamHealth, type StreamRow, type SyncStreamStore } from '../../store/sync-streams'
import { backoffDelay, defaultBackoff, type BackoffPolicy } from '../../base/backoff'
import { faultKindOf, IncidentLog } from './incident'
import type { AccountSecrets } from './secrets'
import { DueTimer } from '../../base/due-timer'
import { hostOf, type Timers } from '../../base/timers'

export interface SyncOptions {
  backfillDays: number
  maxConcurrent: number
  /** Consecutive auth failures before an account needs reconnecting (Chatwoot uses 2). */
  authFailuresBeforeReconnect: number
  offlineProbeMs: number
  backoff: BackoffPolicy
}

export const defaultSyncOptions: SyncOptions = {
  backfillDays: 14,
  maxConcurrent: 2,
  authFailuresBeforeReconnect: 2,
  offlineProbeMs: 30_000,
  backoff: defaultBackoff,
}

export interface SyncDeps {
  accounts: AccountStore
  streams: SyncStreamStore
  ingest: IngestWriter
  /** Readies each batch's items (sanitising) before the writer stores it; on another thread where the host gives one. */
  preparer: ItemPreparer
  secrets: AccountSecrets
  connectors: ConnectorRegistry
  http: HttpClient
  clock: Clock
  events: EventBus
  timers: Timers
  random: () => number
  /** Told after items were stored (rules, then the screens); the poll ends once it has settled. */
  afterIngest: { ingested(conversationIds: number[]): Promise<void> }
  /** Told every poll's outcome (coverage: the covered window, the usual rate, known gaps). */
  observer?: PollObserver
  options?: Partial<SyncOptions>
  /** For a workspace in a team: whether this laptop holds (or just took) the stream's poll lease. */
  pollLease?: { mayPoll(accountId: number, stream: string, intervalMs: number): Promise<boolean> }
}

/** What the engine tells an observer after each poll of a stream; arrivals are the new inbound items' own times. */
export interface PollObserver {
  polled(p: { accountId: number; platform: string; stream: string; arrivals: number[]; gap: boolean; first: boolean; backfillSince: number; now: number }): void
  failed(p: { accountId: number; platform: string; stream: string; verdict: ErrorClass; now: number }): void
}

export interface PollOutcome {
  accountId: number
  stream: string
  fetched: number
  stored: number
  error: ErrorClass | null
}

/**
 * Polls every active channel account's streams on their schedule, stores what
 * comes back, and keeps honest health: cursors, backoff, cooldowns, offline,
 * needs-reconnect. Runs inside the database worker, off the UI's thread.
 */
export class SyncEngine {
  private readonly options: SyncOptions
  private readonly inFlight = new Set<string>()
  private readonly hostCooldown = new Map<string, number>()
  private readonly backfilling = new Set<string>()
  private readonly incidents = new IncidentLog()
  private offline = false
  private readonly wakeUp: DueTimer
  private running = false
  private pass: Promise<unknown> = Promise.resolve()
  /** One open watch (IMAP IDLE) per active account whose connector has one. */
  private readonly watches = new Map<number, StreamWatch>()
  /** Bumped whenever an account's watch is closed, so a watch still opening for it is dropped. */
  private readonly watchGeneration = new Map<number, number>()
  /** Streams woken while a poll of theirs was running: polled again right after it. */
  private readonly wokenDuringPoll = new Set<string>()
  private unsubscribe: (() => void) | null = null

  constructor(private readonly deps: SyncDeps) {
    this.options = { ...defaultSyncOptions, ...deps.options }
    this.wakeUp = new DueTimer(deps.timers, deps.clock, () => void this.tick())
  }

  /** Starts the schedule; the timer always waits for the soonest due stream. */
  start(): void {
    if (this.running) return
    this.running = true
    this.wakeUp.start()
    this.ensureStreams()
    // A connected, paused, resumed, reconnected or removed account gets its watch opened, renewed or closed.
    this.unsubscribe = this.deps.events.subscribe((name, payload) => {
      if (name !== 'accounts.changed') return
      const accountId = (payload as { accountId: number | null }).accountId
      if (accountId === null) this.updateWatches()
      else void this.renewWatch(accountId)
    })
    this.updateWatches()
    this.arm(0)
  }

  async stop(): Promise<void> {
    this.running = false
    this.wakeUp.stop()
    this.unsubscribe?.()
    this.unsubscribe = null
    await Promise.all([...this.watches.keys()].map((id) => this.closeWatch(id)))
    await this.pass.catch(() => undefined)
  }

  /**
   * A connector's watch heard of something new: the stream is polled now rather than at its time. A
   * cooldown still holds (pollStream checks it); a poll already running is followed by one more.
   */
  wake(accountId: number, stream: string): void {
    if (!this.running) return
    const k = `${accountId}:${stream}`
    if (this.inFlight.has(k)) {
      this.wokenDuringPoll.add(k)
      return
    }
    this.deps.streams.schedule(accountId, stream, this.deps.clock.now())
    this.arm(0)
  }

  /** Opens the watches of active accounts that lack one and closes those of accounts no longer active. */
  private updateWatches(): void {
    if (!this.running) return
    for (const account of this.deps.accounts.records()) {
      const wanted = this.wantsWatch(account)
      if (wanted && !this.watches.has(account.id)) void this.openWatch(account)
      else if (!wanted && this.watches.has(account.id)) void this.closeWatch(account.id)
    }
  }

  private wantsWatch(account: AccountRecord): boolean {
    return account.status === 'active' && !account.isDemo && this.deps.connectors.has(account.platform) && !!this.deps.connectors.get(account.platform).watch
  }

  /** Closes and reopens an account's watch: its secrets or settings may have changed. */
  private async renewWatch(accountId: number): Promise<void> {
    await this.closeWatch(accountId)
    const account = this.deps.accounts.get(accountId)
    if (this.running && account && this.wantsWatch(account)) await this.openWatch(account)
  }

  private async openWatch(account: AccountRecord): Promise<void> {
    const generation = this.watchGeneration.get(account.id) ?? 0
    try {
      const ctx = await this.context(account)
      // Closed, renewed or opened by someone else while the secrets were read.
      if (!this.running || this.watches.has(account.id) || (this.watchGeneration.get(account.id) ?? 0) !== generation) return
      const watch = this.deps.connectors.get(account.platform).watch!(ctx, {
        wake: (stream) => this.wake(account.id, stream),
        timers: this.deps.timers,
        random: this.deps.random,
      })
      this.watches.set(account.id, watch)
    } catch {
      // No secrets (a vault that is locked): the schedule still polls, and reports that plainly.
    }
  }

  private async closeWatch(accountId: number): Promise<void> {
    this.watchGeneration.set(accountId, (this.watchGeneration.get(accountId) ?? 0) + 1)
    const watch = this.watches.get(accountId)
    this.watches.delete(accountId)
    await watch?.close().catch(() => undefined)
  }

  isOffline(): boolean {
    return this.offline
  }

  /** Makes sure each active account has a row per stream of its connector. */
  ensureStreams(): void {
    const now = this.deps.clock.now()
    for (const account of this.deps.accounts.records()) {
      if (account.isDemo || !this.deps.connectors.has(account.platform)) continue
      for (const s of this.deps.connectors.get(account.platform).streams) this.deps.streams.ensure(account.id, s.name, now)
    }
  }

  /** Polls every stream that is due now, at most maxConcurrent at a time. */
  async runDue(): Promise<PollOutcome[]> {
    const now = this.deps.clock.now()
    const due = this.deps.streams.active().filter((s) => s.next_poll_at <= now && !this.inFlight.has(key(s)))
    return this.pollAll(due, false)
  }

  /** Polls every stream of the given accounts (all active ones when omitted) once, ignoring schedules. */
  async pollOnce(accountIds?: number[]): Promise<PollOutcome[]> {
    this.ensureStreams()
    const rows = this.deps.streams.active().filter((s) => !accountIds || accountIds.includes(s.channel_account_id))
    return this.pollAll(rows, true)
  }

  /**
   * A fresh read of one account before a reply goes out: polls the account's streams that were not read
   * successfully in the last `maxAgeMs`, so a burst of replies (or a team's laptops sending them) reads the
   * account once, not once per reply, and stays within the platform's rate limit.
   */
  async refresh(accountId: number, maxAgeMs: number): Promise<PollOutcome[]> {
    this.ensureStreams()
    const since = this.deps.clock.now() - maxAgeMs
    const stale = this.deps.streams.active().filter((s) => s.channel_account_id === accountId && (s.last_success_at === null || s.last_success_at < since))
    return stale.length ? this.pollAll(stale, true) : []
  }

  /** "Poll now" from the UI: due at once, cooldowns on this account lifted. */
  pollSoon(accountId: number): void {
    this.deps.streams.dueNow(accountId, this.deps.clock.now())
    if (this.running) this.arm(0)
  }

  /** When the account (or its host) may be polled again after a rate limit; 0 when it may now. */
  cooldownUntil(accountId: number): number {
    const account = this.deps.accounts.get(accountId)
    if (!account) return 0
    const rows = this.deps.streams.ofAccount(accountId)
    return Math.max(this.hostCooldown.get(hostOf(account.baseUrl)) ?? 0, ...rows.map((r) => r.cooldown_until ?? 0))
  }

  /** The connector context (secrets from the vault) for one account, so the outbox sends with what polling uses. */
  async connectorContext(accountId: number): Promise<ConnectorContext | null> {
    const account = this.deps.accounts.get(accountId)
    return account ? this.context(account) : null
  }

  health(accountId: number): AccountHealth | null {
    const account = this.deps.accounts.get(accountId)
    if (!account) return null
    const now = this.deps.clock.now()
    const connector = this.deps.connectors.has(account.platform) ? this.deps.connectors.get(account.platform) : null
    return {
      accountId,
      status: account.status,
      statusMessage: account.statusMessage,
      offline: this.offline,
      streams: this.deps.streams.ofAccount(accountId).map((r) => ({
        ...toStreamHealth(r, this.backfilling.has(key(r)), now),
        incident: this.incidents.view(key(r), now),
        // A stream that keeps several places (an e-mail account's folders) says where each stands.
        ...(connector?.cursorPositions ? { positions: connector.cursorPositions(r.stream, r.cursor) } : {}),
      })),
      // Metered platforms: what is left, as the connector last counted it.
      budget: connector?.budget?.(account.settings, now) ?? null,
    }
  }

  private async pollAll(rows: StreamRow[], force: boolean): Promise<PollOutcome[]> {
    const queue = [...rows]
    const outcomes: PollOutcome[] = []
    // One revoked token fails every stream of the account at once: count it once per pass.
    const authFailedThisPass = new Set<number>()
    const worker = async (): Promise<void> => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        const outcome = await this.pollStream(row, force, authFailedThisPass)
        if (outcome) outcomes.push(outcome)
      }
    }
    const run = Promise.all(Array.from({ length: Math.min(this.options.maxConcurrent, queue.length) }, worker))
    this.pass = run
    await run
    return outcomes
  }

  private async pollStream(row: StreamRow, force: boolean, authFailedThisPass: Set<number>): Promise<PollOutcome | null> {
    const { accounts, clock } = this.deps
    const account = accounts.get(row.channel_account_id)
    if (!account || account.status !== 'active' || !this.deps.connectors.has(account.platform)) return null
    const now = clock.now()
    const host = hostOf(account.baseUrl)
    const cooling = Math.max(row.cooldown_until ?? 0, this.hostCooldown.get(host) ?? 0)
    if (!force && cooling > now) {
      this.deps.streams.schedule(account.id, row.stream, cooling)
      return null
    }
    const k = key(row)
    if (this.inFlight.has(k)) return null
    this.inFlight.add(k)
    const connector = this.deps.connectors.get(account.platform)
    const spec = connector.streams.find((s) => s.name === row.stream)
    const interval = spec?.intervalMs ?? 5 * 60_000
    // In a team one laptop polls each stream at a time; the others get its items through the team's log.
    if (!force && this.deps.pollLease && !(await this.deps.pollLease.mayPoll(account.id, row.stream, interval).catch(() => true))) {
      this.inFlight.delete(k)
      this.deps.streams.schedule(account.id, row.stream, now + interval)
      return null
    }
    const first = row.cursor === null
    if (first) this.backfilling.add(k)
    try {
      const ctx = await this.context(account)
      const backfillSince = now - this.options.backfillDays * 86_400_000
      const result = await connector.poll(row.stream, row.cursor, ctx, {
        backfillSince,
        onProgress: (fetched) =>
          this.deps.events.emit('sync.progress', { accountId: account.id, stream: row.stream, fetched, phase: 'backfill' }),
      })
      const stored = result.items.length ? await this.ingestInBatches(account.id, result.items) : null
      const after = clock.now()
      // A connector that left items for later (bounded per poll) is polled again soon, not after its interval.
      const wait = result.more ? MORE_AFTER_MS : Math.max(interval, connector.minIntervalMs?.(result.nextCursor ?? row.cursor) ?? 0)
      this.deps.streams.succeeded({
        account: account.id,
        stream: row.stream,
        cursor: result.nextCursor,
        fetched: result.items.length,
        gap: result.gap === true,
        now: after,
        next: after + wait,
      })
      accounts.authSucceeded(account.id)
      // Woken while this poll ran: what arrived meanwhile may have come too late for it.
      if (this.wokenDuringPoll.delete(k)) this.deps.streams.schedule(account.id, row.stream, after)
      this.observe(() =>
        this.deps.observer?.polled({
          accountId: account.id,
          platform: account.platform,
          stream: row.stream,
          arrivals: stored?.arrivals ?? [],
          gap: result.gap === true,
          first,
          backfillSince,
          now: after,
        }),
      )
      this.incidents.succeeded(k, after)
      this.backfilling.delete(k)
      if (this.offline) this.backOnline()
      if (stored && stored.conversationIds.length) await this.deps.afterIngest.ingested(stored.conversationIds)
      this.publishHealth(account.id)
      return { accountId: account.id, stream: row.stream, fetched: result.items.length, stored: stored?.inserted ?? 0, error: null }
    } catch (error) {
      const verdict = connector.classifyError(error, clock.now())
      this.incidents.failed(k, faultKindOf(error, verdict), clock.now())
      this.backfilling.delete(k)
      this.recordFailure(account, row, verdict, interval, authFailedThisPass)
      this.observe(() => this.deps.observer?.failed({ accountId: account.id, platform: account.platform, stream: row.stream, verdict, now: clock.now() }))
      this.publishHealth(account.id)
      return { accountId: account.id, stream: row.stream, fetched: 0, stored: 0, error: verdict }
    } finally {
      this.inFlight.delete(k)
      this.backfilling.delete(k)
      // A failed poll keeps its backoff; the watch wakes it again once more arrives.
      this.wokenDuringPoll.delete(k)
    }
  }

  /**
   * Stores a poll's items a batch at a time (each batch its own transaction),
   * letting the worker answer other calls in between: sanitising hundreds of
   * HTML bodies in one go would hold every call up. Ingest is an upsert on the
   * remote id, so batches already stored when something fails are simply stored
   * again on the retry (the cursor only moves once all are in).
   */
  private async ingestInBatches(accountId: number, items: NormalizedItem[]): Promise<IngestResult> {
    const total: IngestResult = { inserted: 0, updated: 0, conflicts: [], conversationIds: [], arrivals: [] }
    const conversations = new Set<number>()
    const prepare = (start: number): Promise<PreparedItem[]> => {
      const batch = this.deps.preparer.prepare(items.slice(start, start + INGEST_BATCH))
      // Awaited below; if a write fails first, the batch prepared ahead is dropped without an unhandled rejection.
      batch.catch(() => {})
      return batch
    }
    // The next batch is prepared while this one is written.
    let next = prepare(0)
    for (let start = 0; start < items.length; start += INGEST_BATCH) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve))
      const prepared = await next
      if (start + INGEST_BATCH < items.length) next = prepare(start + INGEST_BATCH)
      const part = this.deps.ingest.ingestPrepared(accountId, prepared)
      total.inserted += part.inserted
      total.updated += part.updated
      total.conflicts.push(...part.conflicts)
      for (const at of part.arrivals) total.arrivals.push(at)
      for (const id of part.conversationIds) conversations.add(id)
    }
    total.conversationIds = [...conversations]
    return total
  }

  private recordFailure(account: AccountRecord, row: StreamRow, verdict: ErrorClass, interval: number, authFailedThisPass: Set<number>): void {
    const now = this.deps.clock.now()
    const base = { account: account.id, stream: row.stream, now }
    const backoff = (): number => now + backoffDelay(row.error_count + 1, this.options.backoff, this.deps.random)
    switch (verdict.kind) {
      case 'offline':
        // Offline is a state, not an error: no noise, probe gently, catch up when back.
        this.offline = true
        this.deps.streams.failed({ ...base, message: null, cooldown: null, next: now + this.options.offlineProbeMs, counts: false })
        this.deps.events.emit('sync.online', { online: false })
        return
      case 'rate_limited':
        this.hostCooldown.set(hostOf(account.baseUrl), verdict.until)
        this.deps.streams.failed({ ...base, message: verdict.message, cooldown: verdict.until, next: verdict.until, counts: false })
        return
      case 'reauth': {
        const counted = authFailedThisPass.has(account.id)
        authFailedThisPass.add(account.id)
        const failures = counted ? (this.deps.accounts.get(account.id)?.authFailures ?? 0) : this.deps.accounts.authFailed(account.id)
        if (failures >= this.options.authFailuresBeforeReconnect) {
          this.deps.accounts.setStatus(account.id, 'needs_reconnect', verdict.message)
        }
        this.deps.streams.failed({ ...base, message: verdict.message, cooldown: null, next: backoff(), counts: true })
        return
      }
      case 'disconnect':
        this.deps.accounts.setStatus(account.id, 'needs_reconnect', verdict.message)
        this.deps.streams.failed({ ...base, message: verdict.message, cooldown: null, next: now + interval, counts: true })
        return
      case 'bad_request':
        this.deps.streams.failed({ ...base, message: verdict.message, cooldown: null, next: now + interval, counts: true })
        return
      case 'retry':
        this.deps.streams.failed({ ...base, message: verdict.message, cooldown: null, next: backoff(), counts: true })
        return
    }
  }

  /** An observer's trouble is logged, never turned into a failed poll: the items are already stored. */
  private observe(tell: () => void): void {
    try {
      tell()
    } catch (error) {
      console.error(`[parley] coverage could not record a poll: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  private backOnline(): void {
    this.offline = false
    this.deps.events.emit('sync.online', { online: true })
    const now = this.deps.clock.now()
    for (const s of this.deps.streams.active()) if (s.next_poll_at > now && s.error_count === 0 && s.last_error === null) this.deps.streams.schedule(s.channel_account_id, s.stream, now)
  }

  private async context(account: AccountRecord): Promise<ConnectorContext> {
    const secrets = await this.deps.secrets.load(account)
    const settings = { ...account.settings }
    return {
      http: this.deps.http,
      clock: this.deps.clock,
      account: { id: account.id, baseUrl: account.baseUrl, handle: account.handle, settings, secrets },
      saveSecrets: async (next) => {
        Object.assign(secrets, next)
        const current = this.deps.accounts.get(account.id) ?? account
        await this.deps.secrets.save(current, next)
      },
      saveSettings: async (next) => {
        Object.assign(settings, next)
        // Merged into what is stored now, not into this context's snapshot: a poll and a send of the
        // same account may each save their own keys meanwhile (Telegram's chats and send marks).
        const stored = this.deps.accounts.get(account.id)?.settings ?? {}
        this.deps.accounts.setSettings(account.id, { ...stored, ...next })
      },
    }
  }

  private publishHealth(accountId: number): void {
    const health = this.health(accountId)
    if (health) this.deps.events.emit('sync.health', health)
  }

  private arm(delayMs: number): void {
    this.wakeUp.after(delayMs)
  }

  private async tick(): Promise<void> {
    try {
      // Accounts that needed reconnecting (or were paused) meanwhile lose their watch; new ones get one.
      this.updateWatches()
      await this.runDue()
    } finally {
      const now = this.deps.clock.now()
      const next = this.deps.streams.active()[0]?.next_poll_at
      // At least a second between passes; at most a minute so new accounts are picked up.
      this.arm(Math.min(60_000, Math.max(1_000, (next ?? now + 60_000) - now)))
    }
  }
}

/** Items stored per transaction before other calls get a turn. */
const INGEST_BATCH = 50
/** When a connector left items for later: soon, but with room for everything else in between. */
const MORE_AFTER_MS = 2_000

const key = (row: Pick<StreamRow, 'channel_account_id' | 'stream'>): string => `${row.channel_account_id}:${row.stream}`
