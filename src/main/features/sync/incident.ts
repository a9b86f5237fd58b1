import type { StreamIncident } from '../../../shared/contract'
import { HttpError, NetworkError } from '../../base/http'
import type { ErrorClass } from '../../model/connector'

/** The kinds of trouble a user can tell apart; each has its own plain words. */
export type FaultKind = 'timeout' | 'interrupted' | 'unreachable' | 'rate_limited' | 'server_error' | 'bad_answer' | 'refused'

const PHRASES: Record<FaultKind, string> = {
  timeout: 'timed out',
  interrupted: 'dropped the connection',
  unreachable: 'could not be reached',
  rate_limited: 'asked Parley to slow down',
  server_error: 'answered with a server error',
  bad_answer: 'sent an answer Parley could not read',
  refused: 'refused a request',
}

export function faultKindOf(error: unknown, verdict: ErrorClass): FaultKind {
  if (verdict.kind === 'rate_limited') return 'rate_limited'
  if (verdict.kind === 'offline') return 'unreachable'
  if (error instanceof NetworkError) {
    if (error.reason === 'timeout') return 'timeout'
    if (error.reason === 'interrupted') return 'interrupted'
    if (error.reason === 'unreachable') return 'unreachable'
    return 'bad_answer'
  }
  if (error instanceof HttpError) return error.status >= 500 ? 'server_error' : 'refused'
  // Anything else came from reading the answer (a feed that is not a feed, a payload of the wrong shape).
  return 'bad_answer'
}

const times = (n: number): string => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`)

/** "timed out 3 times, dropped the connection once and answered with a server error twice" — most frequent first. */
export function summarise(counts: ReadonlyMap<FaultKind, number>): string {
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${PHRASES[kind]} ${times(n)}`)
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`
}

interface Incident {
  since: number
  counts: Map<FaultKind, number>
  recoveredAt: number | null
}

/** A recovered incident stays on the health panel this long, so "what happened overnight" is still there in the morning. */
const SHOWN_AFTER_RECOVERY_MS = 24 * 3_600_000

/**
 * The story of each stream's latest run of failures: what kinds, how often, and
 * when polling worked again. Kept in memory by the sync engine (a restart starts
 * a fresh story); the stream's last error itself is stored with its cursor.
 */
export class IncidentLog {
  private readonly byStream = new Map<string, Incident>()

  failed(stream: string, kind: FaultKind, at: number): void {
    let incident = this.byStream.get(stream)
    if (!incident || incident.recoveredAt !== null) {
      incident = { since: at, counts: new Map(), recoveredAt: null }
      this.byStream.set(stream, incident)
    }
    incident.counts.set(kind, (incident.counts.get(kind) ?? 0) + 1)
  }

  succeeded(stream: string, at: number): void {
    const incident = this.byStream.get(stream)
    if (incident && incident.recoveredAt === null) incident.recoveredAt = at
  }

  view(stream: string, now: number): StreamIncident | null {
    const incident = this.byStream.get(stream)
    if (!incident) return null
    if (incident.recoveredAt !== null && now - incident.recoveredAt > SHOWN_AFTER_RECOVERY_MS) return null
    const failures = [...incident.counts.values()].reduce((a, b) => a + b, 0)
    return { summary: summarise(incident.counts), failures, since: incident.since, recoveredAt: incident.recoveredAt }
  }

  forget(stream: string): void {
    this.byStream.delete(stream)
  }
}
