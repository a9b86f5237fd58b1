import { z } from 'zod'

/**
 * One recorded operation: what a laptop did through the router, with the clock and the entities it
 * touched. `baseSeq` is the last server sequence number the laptop had pulled when it made the op,
 * i.e. what its author had seen (tag removals only remove tags seen).
 */
export const teamOpSchema = z.object({
  id: z.uuid(),
  hlc: z.string().min(1).max(64),
  profile: z.string().min(1).max(200),
  operation: z.string().regex(/^[a-zA-Z]+\.[a-zA-Z]+$/, 'an operation name such as "approvals.approve"'),
  input: z.unknown(),
  entities: z.array(z.uuid()).max(1_000).default([]),
  baseSeq: z.number().int().min(0).default(0),
})
export type TeamOp = z.infer<typeof teamOpSchema>

export const pushSchema = z.object({ ops: z.array(teamOpSchema).min(1).max(500) })

/**
 * What became of a pushed op. applied: it changed the shared state. superseded: a later clock had
 * already set that field (kept as activity). lost: a compare-and-set found the state changed, e.g.
 * an approval already decided by someone else. rejected: the member may not do this, or the input is
 * not something the team store understands.
 */
export type OpOutcome = 'applied' | 'superseded' | 'lost' | 'rejected'

export interface OpResult {
  id: string
  seq: number
  outcome: OpOutcome
  message: string | null
  /** True when the service had this op already (a retried push): nothing was applied twice. */
  duplicate: boolean
}

export interface PulledOp extends TeamOp {
  seq: number
  memberId: string
  outcome: OpOutcome
  message: string | null
}

export type Role = 'agent' | 'supervisor' | 'admin'
export const roleSchema = z.enum(['agent', 'supervisor', 'admin'])
