import type { OpResult, TeamOp } from '../../model/team-op'
import type { MemberRow } from '../../store/team-postgres/members'
import { insertOps, knownOps, type OpRowToInsert } from '../../store/team-postgres/ops'
import type { Queryable } from '../../store/team-postgres/queryable'
import { applyChecked, precheck, type Applied, type Checked } from './apply'
import { setKindOf, setRules, type CheckedOp, type SetKind } from './apply-sets'

/** Appends an audit entry after `prevHash`; returns the new head. */
export type AuditAppend = (db: Queryable, prevHash: string, action: string, detail: Record<string, unknown>) => Promise<string>

/** A new op of the batch, numbered; `result` is set once its rule has run (or it needed none). */
interface Slot {
  op: TeamOp
  /** Where the op first appears in the pushed batch. */
  index: number
  seq: number
  checked: Checked
  result: Applied | null
}

/** Kinds applied across the whole batch before the ordered ops; tag adds go in runs among the ordered ops (a removal reads them). */
const SET_FIRST: readonly SetKind[] = ['items', 'registers', 'notes']

/**
 * A pushed batch applied inside the caller's transaction, which holds the team's lock (`head` is what
 * the lock read): ops numbered from head.lastSeq + 1 in the order given, ops already in the log
 * answered from it, and all the new ops written with their outcomes. `requestJson`, the pushed
 * request's text (`{"ops": [...]}`, `ops` in the order given), is where their inputs are written from.
 * The caller advances the team's counters and commits.
 *
 * Rules run set by set, with the outcome each op would have had applied alone in order:
 * - checks that need no database (profile, input) decide an op at once;
 * - inbound items, status/assignee changes and notes (most of a busy team's ops) each go in one
 *   statement for the whole batch (`apply-sets.ts`: each kind has tables of its own, so the order
 *   between kinds does not matter);
 * - the other ops run in order under a savepoint each (approvals with their audit entries, drafts,
 *   tag removals, which read the log), consecutive tag adds in one statement.
 * An op whose rule throws is rolled back alone and recorded rejected: a set statement that fails is
 * rolled back to its savepoint and its ops are applied one by one.
 */
export async function applyBatch(
  client: Queryable,
  member: MemberRow,
  head: { lastSeq: number; auditHead: string },
  ops: readonly TeamOp[],
  audit: AuditAppend,
  requestJson?: string,
): Promise<{ results: OpResult[]; lastSeq: number; auditHead: string; written: number }> {
  const known = await knownOps(client, member.teamId, [...new Set(ops.map((o) => o.id))])
  const fresh: Slot[] = []
  const byId = new Map<string, Slot>()
  let seq = head.lastSeq
  for (const [index, op] of ops.entries()) {
    if (known.has(op.id) || byId.has(op.id)) continue
    const checked = precheck(op, member)
    const slot: Slot = { op, index, seq: ++seq, checked, result: 'decided' in checked ? checked.decided : null }
    fresh.push(slot)
    byId.set(op.id, slot)
  }

  const savepoints = new Savepoints(client)
  let auditHead = head.auditHead
  let flushed = 0
  const ctx = { db: client, teamId: member.teamId, member }
  const checkedOp = (s: Slot): CheckedOp => {
    const c = s.checked as Exclude<Checked, { decided: Applied }>
    return { name: c.name, input: c.input, seq: s.seq, hlc: s.op.hlc }
  }
  const kindOf = (s: Slot): SetKind | undefined => ('decided' in s.checked ? undefined : setKindOf(s.checked.name))

  const applyOne = async (slot: Slot): Promise<void> => {
    const checked = slot.checked as Exclude<Checked, { decided: Applied }>
    // The tag removal rule reads the log itself: the ops before it must be in the table.
    if (checked.name === 'conversations.removeTags') {
      const upTo = fresh.indexOf(slot)
      await insertOps(client, member.teamId, fresh.slice(flushed, upTo).map((s) => row(member, s)), requestJson)
      flushed = upTo
    }
    await savepoints.take()
    try {
      const result = await applyChecked({ ...ctx, seq: slot.seq, op: slot.op }, checked)
      if (result.audit) auditHead = await audit(client, auditHead, result.audit.action, { ...result.audit.detail, opId: slot.op.id, seq: slot.seq })
      slot.result = result
    } catch (error) {
      await savepoints.rollback()
      slot.result = { outcome: 'rejected', message: `The team store could not apply this change: ${error instanceof Error ? error.message : String(error)}` }
    }
  }
  const applySet = async (kind: SetKind, slots: readonly Slot[]): Promise<void> => {
    if (slots.length === 0) return
    await savepoints.take()
    let outcomes: Applied[]
    try {
      outcomes = await setRules[kind](ctx, slots.map(checkedOp))
    } catch {
      // Back to one at a time, so the op that fails is the only one rejected.
      await savepoints.rollback()
      for (const slot of slots) await applyOne(slot)
      return
    }
    slots.forEach((slot, k) => (slot.result = outcomes[k]!))
  }

  for (const kind of SET_FIRST) await applySet(kind, fresh.filter((s) => s.result === null && kindOf(s) === kind))
  for (let i = 0; i < fresh.length; i++) {
    const slot = fresh[i]!
    if (slot.result !== null) continue
    if (kindOf(slot) !== 'tagAdds') {
      await applyOne(slot)
      continue
    }
    // Tag adds up to the next op that still has to run in order.
    const run = [slot]
    while (i + 1 < fresh.length && (fresh[i + 1]!.result !== null || kindOf(fresh[i + 1]!) === 'tagAdds')) {
      i++
      if (fresh[i]!.result === null) run.push(fresh[i]!)
    }
    await applySet('tagAdds', run)
  }
  await savepoints.release()
  await insertOps(client, member.teamId, fresh.slice(flushed).map((s) => row(member, s)), requestJson)

  const results = ops.map((op, index): OpResult => {
    const earlier = known.get(op.id)
    if (earlier) return { id: op.id, ...earlier, duplicate: true }
    const slot = byId.get(op.id)!
    const outcome = { id: op.id, seq: slot.seq, outcome: slot.result!.outcome, message: slot.result!.message }
    // The op's first place in this batch is the one applied; a repeat of it is answered as a retry.
    return { ...outcome, duplicate: slot.index !== index }
  })
  return { results, lastSeq: seq, auditHead, written: fresh.length }
}

const row = (member: MemberRow, s: Slot): OpRowToInsert => ({ seq: s.seq, memberId: member.id, op: s.op, index: s.index, outcome: s.result!.outcome, message: s.result!.message })

/**
 * The batch's one savepoint name, taken again before each rule that may fail: one round trip releases
 * the previous one and takes the next. A batch takes a handful (one per set statement) unless ops
 * without a set rule, or a failing set statement, need one each.
 */
class Savepoints {
  private held = false
  constructor(private readonly client: Queryable) {}

  async take(): Promise<void> {
    await this.client.query(this.held ? 'RELEASE SAVEPOINT team_op; SAVEPOINT team_op' : 'SAVEPOINT team_op')
    this.held = true
  }

  async rollback(): Promise<void> {
    await this.client.query('ROLLBACK TO SAVEPOINT team_op')
  }

  async release(): Promise<void> {
    if (this.held) await this.client.query('RELEASE SAVEPOINT team_op')
    this.held = false
  }
}
