import { DateTime } from 'luxon'
import type { CoverageCause } from '../../../shared/contract'
import type { AccountRecord } from '../../store/accounts'
import type { CoverageRow } from '../../store/coverage'
import type { StreamRow } from '../../store/sync-streams'

/** "Mon 14:05" in the workspace's zone: alerts are read the same day or the next. */
export const when = (at: number, zone: string): string => DateTime.fromMillis(at, { zone }).setLocale('en-GB').toFormat('ccc HH:mm')

const about = (n: number): string => (n < 1.5 ? 'an item' : `about ${Math.round(n)} items`)

export function silenceTitle(streamLabel: string, accountName: string, since: number, zone: string): string {
  return `${streamLabel} of ${accountName}: nothing since ${when(since, zone)}`
}

export function silenceBody(expected: number): string {
  return `At this time of the week ${about(expected)} would usually have come in by now. Parley keeps polling; check the likely causes below.`
}

export function accountTitle(account: Pick<AccountRecord, 'displayName'>, platformLabel: string): string {
  return `${account.displayName} (${platformLabel}) needs reconnecting`
}

export function accountBody(): string {
  return 'Nothing from this account reaches Parley until it is reconnected. Every profile is reminded daily until then.'
}

/**
 * The causes of a silence a person can check, each with what Parley's own records already say:
 * whether the platform still takes the sign-in, whether polls fail, whether it answers with empty pages.
 */
export function silenceCauses(p: { account: AccountRecord; stream: StreamRow | null; coverage: CoverageRow; now: number; zone: string }): CoverageCause[] {
  const { account, stream, coverage, now, zone } = p
  const failing = !!stream?.last_error && (stream.last_attempt_at ?? 0) > (stream.last_success_at ?? 0)
  const lastGood = stream?.last_success_at ?? coverage.last_success_at
  const causes: CoverageCause[] = []
  if (account.status === 'needs_reconnect') {
    causes.push({ key: 'reconnect', status: 'likely', text: 'The platform no longer accepts Parley’s sign-in: reconnect the account.' })
  } else if (account.authFailures > 0) {
    causes.push({ key: 'token', status: 'likely', text: 'Is the token still valid? The platform refused Parley’s sign-in at the last poll.' })
  } else if (lastGood !== null && !failing) {
    causes.push({ key: 'token', status: 'ruled_out', text: `Is the token still valid? Yes: the platform accepted it at the last poll (${when(lastGood, zone)}).` })
  } else {
    causes.push({ key: 'token', status: 'check', text: 'Is the token still valid? Parley could not tell: no poll has worked lately.' })
  }
  if (stream?.cooldown_until && stream.cooldown_until > now) {
    causes.push({ key: 'rate_limited', status: 'likely', text: `The platform asked Parley to slow down until ${when(stream.cooldown_until, zone)}; it polls again then.` })
  }
  if (failing) {
    causes.push({ key: 'failing', status: 'likely', text: `Polls are failing: ${stream!.last_error}` })
  } else if (lastGood !== null) {
    causes.push({ key: 'failing', status: 'ruled_out', text: `Do polls fail? No: the last one worked (${when(lastGood, zone)}).` })
  }
  const empty = coverage.empty_polls
  causes.push(
    !failing && empty >= 2
      ? { key: 'empty_pages', status: 'likely', text: `Is the platform returning empty pages? It answered the last ${empty} polls without anything new.` }
      : { key: 'empty_pages', status: 'check', text: 'Is the platform returning empty pages? Open the account on the platform and compare with what Parley has.' },
  )
  causes.push({ key: 'paused', status: 'check', text: 'Is the account paused, restricted or suspended on the platform, or were its posts or permissions changed? Parley cannot see that; check the account there.' })
  return causes
}

export function accountCauses(account: AccountRecord): CoverageCause[] {
  return [
    { key: 'reconnect', status: 'likely', text: account.statusMessage ?? 'The platform no longer accepts Parley’s sign-in: reconnect the account.' },
    { key: 'token', status: 'likely', text: 'Is the token still valid? No: a new one is needed (remove the account keeping its conversations, then add it again).' },
  ]
}
