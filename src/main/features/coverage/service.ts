import type { CoverageAlert, CoverageGap, CoverageSummary, SilenceSettings, StreamCoverage } from '../../../shared/contract'
import type { AccountRecord } from '../../store/accounts'
import type { GapRow } from '../../store/coverage'
import type { StreamRow } from '../../store/sync-streams'
import { assess } from './assess'
import { backfillLimitDays, describeAlert, streamLabel, type CoverageDeps } from './context'
import type { CoverageMonitor } from './monitor'

/** Gaps of the last 30 days are shown; a caught-up one only when it lasted a while (a single retried poll is no news). */
const GAPS_SHOWN_MS = 30 * 86_400_000
const GAPS_SHOWN = 12
const SHORT_GAP_MS = 15 * 60_000

const toGap = (g: GapRow): CoverageGap => ({ kind: g.kind, from: g.started_at, to: g.ended_at, outcome: g.outcome, detail: g.detail })

const worthShowing = (g: GapRow): boolean => g.outcome !== 'caught_up' || g.kind === 'cooldown' || (g.ended_at ?? 0) - g.started_at >= SHORT_GAP_MS

const failingNow = (s: StreamRow | undefined): boolean => !!s?.last_error && (s.last_attempt_at ?? 0) > (s.last_success_at ?? 0)

/** The coverage view (Channels screen, top bar), the acting profile's alerts, and the silence settings. */
export class CoverageService {
  constructor(
    private readonly d: CoverageDeps,
    private readonly monitor: CoverageMonitor,
    private readonly requireSupervisor: (action: string) => void,
  ) {}

  check(): ReturnType<CoverageMonitor['check']> {
    return this.monitor.check()
  }

  list(accountId?: number): { timeZone: string; streams: StreamCoverage[]; summary: CoverageSummary } {
    const zone = this.d.zone()
    const accounts = this.d.accounts.records().filter((a) => !a.isDemo && a.status !== 'removed' && (accountId === undefined || a.id === accountId))
    const streams = accounts.flatMap((a) => this.streamsOf(a, zone))
    return { timeZone: zone, streams, summary: summarise(streams, accounts) }
  }

  private streamsOf(account: AccountRecord, zone: string): StreamCoverage[] {
    const { store, clock, connectors } = this.d
    const now = clock.now()
    const settings = this.d.settings.get()
    const open = new Map(store.openAlerts().filter((a) => a.channel_account_id === account.id && a.stream).map((a) => [a.stream!, a]))
    return this.d.streams.ofAccount(account.id).map((s): StreamCoverage => {
      const row = store.get(account.id, s.stream)
      const a = row ? assess(store, row, settings, now, zone) : null
      const alert = open.get(s.stream)
      const state: StreamCoverage['state'] =
        account.status === 'paused' ? 'paused'
        : account.status === 'needs_reconnect' ? 'needs_reconnect'
        : alert || a?.silent ? 'silent'
        : failingNow(s) ? 'failing'
        : !a?.usuallyBringsItems ? 'learning'
        : a.quiet ? 'quiet'
        : 'ok'
      return {
        accountId: account.id,
        stream: s.stream,
        label: streamLabel(connectors, account.platform, s.stream),
        state,
        coveredSince: row?.covered_since ?? null,
        coveredUntil: row?.last_success_at ?? null,
        lastItemAt: row?.last_item_at ?? null,
        lastReceivedAt: row?.last_received_at ?? null,
        usualRate: a?.rate ?? new Array<number>(168).fill(0),
        learnedItems: a?.learnedItems ?? 0,
        learnedSince: a ? a.learnedSince : null,
        usualGapMs: a?.usuallyBringsItems ? a.usualGapMs : null,
        expectedSinceLast: a?.expected ?? 0,
        backfillLimitDays: backfillLimitDays(connectors, account.platform, s.stream),
        gaps: store.gaps(account.id, s.stream, now - GAPS_SHOWN_MS, GAPS_SHOWN * 3).filter(worthShowing).slice(0, GAPS_SHOWN).map(toGap),
        alert: alert ? describeAlert(this.d, alert, account) : null,
      }
    })
  }

  /** Open alerts, each marked unseen when the profile was told and has not acknowledged it yet. */
  alerts(profileId: number): { alerts: (CoverageAlert & { unseen: boolean })[] } {
    const accounts = new Map(this.d.accounts.records().map((a) => [a.id, a]))
    const unseen = this.d.store.unseenAlertIds(profileId)
    const alerts = this.d.store
      .openAlerts()
      .flatMap((alert) => {
        const account = accounts.get(alert.channel_account_id)
        return account ? [{ ...describeAlert(this.d, alert, account), unseen: unseen.has(alert.id) }] : []
      })
    return { alerts }
  }

  acknowledge(profileId: number, ids?: number[]): { seen: number } {
    const seen = this.d.store.see(profileId, this.d.clock.now(), ids)
    if (seen) this.d.events.emit('coverage.changed', {})
    return { seen }
  }

  settings(): SilenceSettings {
    return this.d.settings.get()
  }

  setSettings(next: SilenceSettings): SilenceSettings {
    this.requireSupervisor('change the silence alarm')
    const saved = this.d.settings.set(next)
    this.monitor.check()
    this.d.events.emit('coverage.changed', {})
    return saved
  }
}

function summarise(streams: StreamCoverage[], accounts: AccountRecord[]): CoverageSummary {
  const silent = streams.filter((s) => s.state === 'silent').length
  const failing = streams.filter((s) => s.state === 'failing').length
  const needsReconnect = accounts.filter((a) => a.status === 'needs_reconnect').length
  const watched = streams.filter((s) => s.state !== 'paused').length
  const state: CoverageSummary['state'] = needsReconnect ? 'problem' : silent || failing ? 'attention' : watched ? 'ok' : 'none'
  const parts = [
    needsReconnect ? `${needsReconnect} ${needsReconnect === 1 ? 'account needs' : 'accounts need'} reconnecting` : null,
    silent ? `${silent} ${silent === 1 ? 'stream is' : 'streams are'} quieter than usual` : null,
    failing ? `${failing} ${failing === 1 ? 'stream is' : 'streams are'} failing to poll` : null,
  ].filter((p): p is string => p !== null)
  const text = parts.length
    ? `${parts.join('; ')}.`
    : watched
      ? `All ${watched} ${watched === 1 ? 'stream is' : 'streams are'} covered without a known loss.`
      : 'No channel is connected yet.'
  return { state, streams: streams.length, silent, failing, needsReconnect, text }
}
