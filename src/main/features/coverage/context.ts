import type { Clock } from '../../base/clock'
import type { EventBus } from '../../base/event-bus'
import type { AccountRecord, AccountStore } from '../../store/accounts'
import type { AlertRow, CoverageStore } from '../../store/coverage'
import type { SyncStreamStore } from '../../store/sync-streams'
import type { CoverageAlert } from '../../../shared/contract'
import type { ConnectorRegistry } from '../connectors/registry'
import { assess } from './assess'
import type { SilenceSettingsStore } from './settings'
import { accountBody, accountCauses, accountTitle, silenceBody, silenceCauses, silenceTitle } from './words'

export interface CoverageDeps {
  store: CoverageStore
  accounts: AccountStore
  streams: SyncStreamStore
  connectors: ConnectorRegistry
  settings: SilenceSettingsStore
  /** Every local profile's id: account problems are told to all of them. */
  profileIds: () => number[]
  zone: () => string
  clock: Clock
  events: EventBus
  /**
   * Streams polled (well or not) since this process started, as "account:stream". After a restart a stream's
   * last item is as old as the pause: until its first poll has caught up, its quiet says nothing.
   */
  polledThisRun: Set<string>
}

export const streamKey = (accountId: number, stream: string): string => `${accountId}:${stream}`

/** The plain-words label of a stream, from its connector's manifest. */
export function streamLabel(connectors: ConnectorRegistry, platform: string, stream: string): string {
  const found = connectors.has(platform) ? connectors.get(platform).manifest.streams?.find((s) => s.name === stream) : undefined
  return found?.label ?? stream.charAt(0).toUpperCase() + stream.slice(1)
}

export function backfillLimitDays(connectors: ConnectorRegistry, platform: string, stream: string): number | null {
  if (!connectors.has(platform)) return null
  return connectors.get(platform).manifest.streams?.find((s) => s.name === stream)?.backfillLimitDays ?? null
}

/** An alert as the contract shows it, its words and causes read from the facts of now. */
export function describeAlert(d: CoverageDeps, alert: AlertRow, account: AccountRecord): CoverageAlert {
  const zone = d.zone()
  const now = d.clock.now()
  const base = {
    id: alert.id,
    kind: alert.kind,
    accountId: account.id,
    accountName: account.displayName,
    platform: account.platform,
    stream: alert.stream,
    streamLabel: alert.stream ? streamLabel(d.connectors, account.platform, alert.stream) : null,
    since: alert.since,
    raisedAt: alert.raised_at,
    resolvedAt: alert.resolved_at,
  }
  if (alert.kind === 'account' || !alert.stream) {
    return { ...base, title: accountTitle(account, d.connectors.label(account.platform)), body: accountBody(), causes: accountCauses(account) }
  }
  const coverage = d.store.get(account.id, alert.stream)
  const stream = d.streams.ofAccount(account.id).find((s) => s.stream === alert.stream) ?? null
  const expected = coverage ? assess(d.store, coverage, d.settings.get(), now, zone).expected : (alert.expected ?? 0)
  return {
    ...base,
    title: silenceTitle(base.streamLabel!, account.displayName, alert.since, zone),
    body: silenceBody(Math.max(expected, alert.expected ?? 0)),
    causes: coverage ? silenceCauses({ account, stream, coverage, now, zone }) : [],
  }
}
