import { z } from 'zod'
import { ParleyError } from '../../../shared/contract'
import { pushSchema, roleSchema } from '../../model/team-op'
import type { MemberRow } from '../../store/team-postgres/members'
import { MAX_WAIT_MS, type TeamService } from '../../features/team/service'

/** The team sync service's HTTP API, version 1. Bodies are validated here before the service sees them. */
const key = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a 256-bit key in base64url').transform((k) => Buffer.from(k, 'base64url'))
const name = z.string().trim().min(1).max(200)
const profile = z.string().min(1).max(200)
const stream = z.object({ channelAccount: z.string().min(1).max(200), stream: z.string().min(1).max(200), device: z.string().min(1).max(200) })
const ms = z.number().int().min(1_000).max(10 * 60_000)

export const publicRoutes = {
  'POST /v1/teams': {
    body: z.object({ name, memberId: z.uuid(), memberName: name, profile, key }),
    run: async (s: TeamService, b: { name: string; memberId: string; memberName: string; profile: string; key: Buffer }) => {
      const { teamId, member } = await s.createTeam(b)
      return { teamId, member }
    },
  },
  'POST /v1/join': {
    body: z.object({ code: z.string().min(1).max(100), memberId: z.uuid(), profile, key }),
    run: (s: TeamService, b: { code: string; memberId: string; profile: string; key: Buffer }) => s.join(b),
  },
} as const

/** `text` is the request body as it came (a POST's), which `body` was parsed from. */
type Handler = { body: z.ZodType; run: (s: TeamService, member: MemberRow, body: never, query: URLSearchParams, signal: AbortSignal, text: string | undefined) => Promise<unknown> }

const afterSeq = (q: URLSearchParams, key: string, fallback: number): number => {
  const raw = q.get(key)
  if (raw === null) return fallback
  if (!/^\d{1,15}$/.test(raw)) throw new ParleyError('bad_input', `${key} must be a whole number written in digits, not "${raw}".`)
  return Number(raw)
}

export const memberRoutes: Record<string, Handler> = {
  'GET /v1/me': { body: z.unknown(), run: async (_s, m) => m },
  'GET /v1/members': { body: z.unknown(), run: (s, m) => s.members(m) },
  'POST /v1/invites': {
    body: z.object({ role: roleSchema, name }),
    run: async (s, m, b: { role: 'agent' | 'supervisor' | 'admin'; name: string }) => ({ code: await s.invite(m, b.role, b.name) }),
  },
  'POST /v1/members/remove': {
    body: z.object({ name }),
    run: async (s, m, b: { name: string }) => {
      const removed = await s.removeMember(m, b.name)
      return { removed: { name: removed.name, role: removed.role } }
    },
  },
  // The body's text goes along: the op log stores each op's input from it rather than re-serialising it.
  'POST /v1/ops': { body: pushSchema, run: async (s, m, b: z.infer<typeof pushSchema>, _q, _signal, text) => ({ results: await s.push(m, b.ops, text) }) },
  // wait=SECONDS makes it a long-poll: answered as soon as a newer op commits (at most a minute).
  'GET /v1/ops': {
    body: z.unknown(),
    run: (s, m, _b, q, signal) => s.pull(m, afterSeq(q, 'after', 0), afterSeq(q, 'limit', 1_000), Math.min(afterSeq(q, 'wait', 0), MAX_WAIT_MS / 1_000) * 1_000, signal),
  },
  'GET /v1/audit': { body: z.unknown(), run: async (s, m) => ({ entries: await s.auditChain(m) }) },
  'GET /v1/poll-leases': { body: z.unknown(), run: async (s, m) => ({ leases: await s.pollLeases(m) }) },
  'POST /v1/poll-leases/claim': {
    body: stream.extend({ ttlMs: ms }),
    run: (s, m, b: z.infer<typeof stream> & { ttlMs: number }) => s.claimPollLease(m, b),
  },
  'POST /v1/poll-leases/release': { body: stream, run: async (s, m, b: z.infer<typeof stream>) => (await s.releasePollLease(m, b), {}) },
  'POST /v1/outbox/claim': {
    body: z.object({ channelAccounts: z.array(z.string().min(1).max(200)).min(1).max(200), device: z.string().min(1).max(200), leaseMs: ms, approvalId: z.uuid().optional() }),
    run: async (s, m, b: { channelAccounts: string[]; device: string; leaseMs: number; approvalId?: string }) => ({ item: await s.claimOutboxItem(m, b) }),
  },
  'POST /v1/outbox/sent': {
    body: z.object({ id: z.uuid(), fence: z.number().int().min(1), remoteId: z.string().min(1).max(500) }),
    run: async (s, m, b: { id: string; fence: number; remoteId: string }) => ({ marked: await s.markOutboxSent(m, b) }),
  },
  'POST /v1/outbox/release': {
    body: z.object({ id: z.uuid(), fence: z.number().int().min(1), retryInMs: z.number().int().min(0).max(24 * 3600_000), unconfirmed: z.boolean() }),
    run: async (s, m, b: { id: string; fence: number; retryInMs: number; unconfirmed: boolean }) => ({ released: await s.releaseOutboxItem(m, b) }),
  },
  'GET /v1/outbox/item': {
    body: z.unknown(),
    run: async (s, m, _b, q) => {
      const id = z.uuid().safeParse(q.get('id'))
      if (!id.success) throw new ParleyError('bad_input', 'id must be the UUID of an outbox item.')
      return { item: await s.outboxItem(m, id.data) }
    },
  },
  'GET /v1/outbox/by-approval': {
    body: z.unknown(),
    run: async (s, m, _b, q) => {
      const id = z.uuid().safeParse(q.get('approvalId'))
      if (!id.success) throw new ParleyError('bad_input', 'approvalId must be the UUID of an approval.')
      return { item: await s.outboxByApproval(m, id.data) }
    },
  },
}
