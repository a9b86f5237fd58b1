import { ParleyError } from '../../../shared/contract'
import type { AuditEntry } from './audit-chain'
import { bearerToken } from './credentials'
import type { OpResult, PulledOp, Role, TeamOp } from '../../model/team-op'
import type { ClaimedOutboxItem, PollLease } from '../../store/team-postgres/leases'
import type { MemberRow } from '../../store/team-postgres/members'
import type { TeamOutboxApi } from './team-outbox'

const TIMEOUT_MS = 15_000

/** Plain words for a sync service that cannot be reached, naming the address. */
function unreachable(base: string, error: unknown): ParleyError {
  const why = error instanceof Error && error.name === 'TimeoutError' ? 'did not answer in time' : 'cannot be reached'
  return new ParleyError('unavailable', `The team service at ${base} ${why}. Local changes are kept and shared when it is back.`)
}

/** How long a call may take: the timeout, plus the long-poll's wait; the caller's signal (shutdown) ends it sooner. */
interface CallOptions {
  waitMs?: number
  signal?: AbortSignal
}

async function call<T>(base: string, method: 'GET' | 'POST', path: string, body: unknown, auth: string | null, options: CallOptions = {}): Promise<T> {
  let res: Response
  let text: string
  const timeout = AbortSignal.timeout(TIMEOUT_MS + (options.waitMs ?? 0))
  try {
    res = await fetch(new URL(path, base), {
      method,
      headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: `Bearer ${auth}` } : {}) },
      ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
      signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
    })
    text = await res.text()
  } catch (error) {
    throw unreachable(base, error)
  }
  let envelope: { ok: boolean; value?: T; error?: { code: string; message: string } }
  try {
    envelope = JSON.parse(text) as typeof envelope
  } catch {
    throw new ParleyError('unavailable', `${base} answered with something other than a Parley team service (HTTP ${res.status}).`)
  }
  if (!envelope.ok) {
    const code = envelope.error?.code
    throw new ParleyError(
      code === 'unauthorized' || code === 'bad_input' || code === 'not_found' || code === 'conflict' ? code : 'unavailable',
      envelope.error?.message ?? `The team service refused the request (HTTP ${res.status}).`,
    )
  }
  return envelope.value as T
}

/** Before joining: create a team, or join one with a code. */
export const teamSignup = {
  createTeam: (base: string, b: { name: string; memberId: string; memberName: string; profile: string; key: Buffer }) =>
    call<{ teamId: string; member: MemberRow }>(base, 'POST', '/v1/teams', { ...b, key: b.key.toString('base64url') }, null),
  join: (base: string, b: { code: string; memberId: string; profile: string; key: Buffer }) =>
    call<{ teamId: string; teamName: string; member: MemberRow }>(base, 'POST', '/v1/join', { ...b, key: b.key.toString('base64url') }, null),
}

/** A joined laptop's calls to the sync service, signed with the member's key. */
export class TeamClient {
  private readonly auth: string
  constructor(readonly base: string, memberId: string, key: Buffer) {
    this.auth = bearerToken(memberId, key)
  }

  private get<T>(path: string, options?: CallOptions): Promise<T> {
    return call<T>(this.base, 'GET', path, undefined, this.auth, options)
  }
  private post<T>(path: string, body: unknown): Promise<T> {
    return call<T>(this.base, 'POST', path, body, this.auth)
  }

  me = (): Promise<MemberRow> => this.get('/v1/me')
  members = (): Promise<MemberRow[]> => this.get('/v1/members')
  invite = async (role: Role, name: string): Promise<string> => (await this.post<{ code: string }>('/v1/invites', { role, name })).code
  removeMember = async (name: string): Promise<{ name: string; role: Role }> => (await this.post<{ removed: { name: string; role: Role } }>('/v1/members/remove', { name })).removed
  push = async (ops: TeamOp[]): Promise<OpResult[]> => (await this.post<{ results: OpResult[] }>('/v1/ops', { ops })).results
  pull = (after: number, limit: number): Promise<{ ops: PulledOp[]; lastSeq: number }> => this.get(`/v1/ops?after=${after}&limit=${limit}`)
  /**
   * A long-poll: the service answers as soon as an op numbered above `after` commits, or empty after
   * `waitSeconds`. A service from before long-polls ignores `wait` and answers at once.
   */
  waitForOps = (after: number, limit: number, waitSeconds: number, signal?: AbortSignal): Promise<{ ops: PulledOp[]; lastSeq: number }> =>
    this.get(`/v1/ops?after=${after}&limit=${limit}&wait=${waitSeconds}`, { waitMs: waitSeconds * 1_000, ...(signal ? { signal } : {}) })
  audit = async (): Promise<AuditEntry[]> => (await this.get<{ entries: AuditEntry[] }>('/v1/audit')).entries
  pollLeases = async (): Promise<PollLease[]> => (await this.get<{ leases: PollLease[] }>('/v1/poll-leases')).leases
  claimPollLease = (c: { channelAccount: string; stream: string; device: string; ttlMs: number }): Promise<{ granted: boolean; lease: PollLease }> =>
    this.post('/v1/poll-leases/claim', c)
  outboxByApproval = async (approvalId: string): Promise<{ id: string; state: string; idempotencyKey: string; textHash: string } | null> =>
    (await this.get<{ item: { id: string; state: string; idempotencyKey: string; textHash: string } | null }>(`/v1/outbox/by-approval?approvalId=${encodeURIComponent(approvalId)}`)).item
  outboxItem = async (id: string): Promise<{ state: string; fence: number; remoteId: string | null; idempotencyKey: string } | null> =>
    (await this.get<{ item: { state: string; fence: number; remoteId: string | null; idempotencyKey: string } | null }>(`/v1/outbox/item?id=${encodeURIComponent(id)}`)).item

  /** The shared outbox over HTTP, for sendOneFromTeamQueue. */
  outbox(): TeamOutboxApi {
    return {
      claim: async (c) => (await this.post<{ item: ClaimedOutboxItem | null }>('/v1/outbox/claim', c)).item,
      markSent: async (m) => (await this.post<{ marked: boolean }>('/v1/outbox/sent', m)).marked,
      release: async (r) => (await this.post<{ released: boolean }>('/v1/outbox/release', r)).released,
    }
  }
}
