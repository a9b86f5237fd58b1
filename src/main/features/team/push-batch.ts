import type { OpResult, TeamOp } from '../../model/team-op'
import type { MemberRow } from '../../store/team-postgres/members'
import { insertOps, knownOps, type OpRowToInsert } from '../../store/team-postgres/ops'
import type { Queryable } from '../../store/team-postgres/queryable'
import { applyItemRun, applyRule, type Applied } from './apply'

/** Appends an audit entry after `prevHash`; returns the new head. */
export type AuditAppend = (db: Queryable, prevHash: string, action: string, detail: Record<string, unknown>) => Promise<string>

/**
 * A pushed batch applied inside the caller's transaction, which holds the team's lock (`head` is what
 * the lock read): ops numbered from head.lastSeq + 1 in the order given, each op's rule run in order
 * under its own savepoint (an op whose rule throws is rolled back alone and recorded rejected), a run
 * of inbound items in one statement, ops already in the log answered from it, and all the new ops
 * written with their outcomes. The caller advances the team's counters and commits.
 */
export async function applyBatch(
  client: Queryable,
  member: MemberRow,
  head: { lastSeq: number; auditHead: string },
  ops: readonly TeamOp[],
  audit: AuditAppend,
): Promise<{ results: OpResult[]; lastSeq: number; auditHead: string; written: number }> {
  const known = await knownOps(client, member.teamId, [...new Set(ops.map((o) => o.id))])
  const results: OpResult[] = []
  const written: OpRowToInsert[] = []
  let flushed = 0
  let seq = head.lastSeq
  let auditHead = head.auditHead
  let savepoint = false
  // One round trip between ops: the previous savepoint released and the next one taken.
  const savepointHere = async (): Promise<void> => {
    await client.query(savepoint ? 'RELEASE SAVEPOINT team_op; SAVEPOINT team_op' : 'SAVEPOINT team_op')
    savepoint = true
  }
  const record = (op: TeamOp, result: Applied): void => {
    seq++
    written.push({ seq, memberId: member.id, op, outcome: result.outcome, message: result.message })
    known.set(op.id, { seq, outcome: result.outcome, message: result.message })
    results.push({ id: op.id, seq, outcome: result.outcome, message: result.message, duplicate: false })
  }
  const applyOne = async (op: TeamOp): Promise<void> => {
    // The tag removal rule reads the log itself: the ops before it must be in the table.
    if (op.operation === 'conversations.removeTags') {
      await insertOps(client, member.teamId, written.slice(flushed))
      flushed = written.length
    }
    const opSeq = seq + 1
    await savepointHere()
    let result: Applied
    let opAuditHead = auditHead
    try {
      result = await applyRule({ db: client, teamId: member.teamId, member, seq: opSeq, op })
      if (result.audit) opAuditHead = await audit(client, auditHead, result.audit.action, { ...result.audit.detail, opId: op.id, seq: opSeq })
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT team_op')
      opAuditHead = auditHead
      result = { outcome: 'rejected', message: `The team store could not apply this change: ${error instanceof Error ? error.message : String(error)}` }
    }
    auditHead = opAuditHead
    record(op, result)
  }
  for (let i = 0; i < ops.length; ) {
    const op = ops[i]!
    const earlier = known.get(op.id)
    if (earlier) {
      results.push({ id: op.id, ...earlier, duplicate: true })
      i++
      continue
    }
    // Inbound items (most of a busy team's ops) between the other ops: a run of them in one statement.
    const run: TeamOp[] = []
    const ids = new Set<string>()
    while (i + run.length < ops.length) {
      const next = ops[i + run.length]!
      if (next.operation !== 'items.ingest' || known.has(next.id) || ids.has(next.id)) break
      ids.add(next.id)
      run.push(next)
    }
    if (run.length > 1) {
      await savepointHere()
      let applied: Applied[] | null
      try {
        applied = await applyItemRun({ db: client, teamId: member.teamId, member }, run.map((o, k) => ({ op: o, seq: seq + 1 + k })))
      } catch {
        // Back to one at a time, so the op that fails is the only one rejected.
        await client.query('ROLLBACK TO SAVEPOINT team_op')
        applied = null
      }
      if (applied) run.forEach((o, k) => record(o, applied[k]!))
      else for (const o of run) await applyOne(o)
      i += run.length
      continue
    }
    await applyOne(op)
    i++
  }
  if (savepoint) await client.query('RELEASE SAVEPOINT team_op')
  await insertOps(client, member.teamId, written.slice(flushed))
  return { results, lastSeq: seq, auditHead, written: written.length }
}
