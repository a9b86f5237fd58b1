import { createHash } from 'node:crypto'
import type { OpOutcome, TeamOp } from '../../model/team-op'
import { isRuleOperation, ruleInputs, type RuleInput, type RuleOperation } from './rules-input'
import type { MemberRow } from '../../store/team-postgres/members'
import type { Queryable } from '../../store/team-postgres/queryable'
import { approvalState, decideApproval, insertApproval, insertOutboxItem } from '../../store/team-postgres/approvals'
import { cancelTeamReply, retryTeamReply, type OutboxControl } from '../../store/team-postgres/outbox-control'
import { addTags, appendNote, recordItem, removeTags, saveDraft, writeRegister } from '../../store/team-postgres/state'

export const textHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

export interface Applied {
  outcome: OpOutcome
  message: string | null
  /** Set when the op belongs in the team's audit chain. */
  audit?: { action: string; detail: Record<string, unknown> }
}

export interface Ctx {
  db: Queryable
  teamId: string
  member: MemberRow
  seq: number
  op: TeamOp
}

export const applied = (audit?: Applied['audit']): Applied => ({ outcome: 'applied', message: null, ...(audit ? { audit } : {}) })
export const rejected = (message: string): Applied => ({ outcome: 'rejected', message })

const DECISIONS = {
  'approvals.approve': { state: 'approved', verb: 'approve' },
  'approvals.editAndApprove': { state: 'approved', verb: 'approve' },
  'approvals.reject': { state: 'rejected', verb: 'reject' },
  'approvals.requestChanges': { state: 'changes_requested', verb: 'send back' },
} as const

/** What an op's rule needs before it touches the database: its input checked, or its outcome already known. */
export type Checked = { decided: Applied } | { name: RuleOperation; input: unknown }

/**
 * The checks every op passes before its rule runs: the member's own profile, an operation with a rule
 * (others are recorded and relayed as they are), and input the rule understands.
 */
export function precheck(op: TeamOp, member: MemberRow): Checked {
  if (op.profile !== member.profile) return { decided: rejected(`This member signs in as profile "${member.profile}", not "${op.profile}".`) }
  if (!isRuleOperation(op.operation)) return { decided: applied() }
  const parsed = ruleInputs[op.operation].safeParse(op.input)
  if (!parsed.success) return { decided: rejected(`The input of ${op.operation} is not what the team store expects: ${parsed.error.issues[0]?.message ?? 'invalid'}.`) }
  return { name: op.operation, input: parsed.data }
}

/**
 * Applies one op's conflict rule to the shared state, inside the caller's transaction (which holds
 * the team's lock). Operations without a rule are recorded and relayed as they are.
 */
export async function applyRule(ctx: Ctx): Promise<Applied> {
  const checked = precheck(ctx.op, ctx.member)
  return 'decided' in checked ? checked.decided : dispatch(ctx, checked.name, checked.input)
}

/** The rule of an op that passed `precheck`. */
export const applyChecked = (ctx: Ctx, checked: { name: RuleOperation; input: unknown }): Promise<Applied> => dispatch(ctx, checked.name, checked.input)

/** The last-writer-wins fields a status or assignee change writes, in the order it writes them. */
export function registerFields(name: 'conversations.setStatus' | 'conversations.assign', input: unknown): [string, unknown][] {
  if (name === 'conversations.assign') return [['assignee', (input as RuleInput<'conversations.assign'>).assignee]]
  const i = input as RuleInput<'conversations.setStatus'>
  const fields: [string, unknown][] = [['status', i.status]]
  if (i.snoozeUntil !== undefined) fields.push(['snoozeUntil', i.snoozeUntil])
  return fields
}

async function dispatch(ctx: Ctx, name: RuleOperation, input: unknown): Promise<Applied> {
  const { db, teamId, member, seq, op } = ctx
  switch (name) {
    case 'approvals.submit': {
      const i = input as RuleInput<'approvals.submit'>
      const hash = i.textHash ?? textHash(i.text)
      const fresh = await insertApproval(db, teamId, { id: i.approvalId, conversationId: i.conversationId, channelAccount: i.channelAccount, text: i.text, textHash: hash, requestedBy: member.id })
      return fresh ? applied({ action: 'approval.submitted', detail: { approvalId: i.approvalId, textHash: hash } }) : applied()
    }
    case 'approvals.approve':
    case 'approvals.editAndApprove':
    case 'approvals.reject':
    case 'approvals.requestChanges':
      return decide(ctx, name, input as RuleInput<'approvals.approve'> & { text?: string; newTextHash?: string })
    case 'drafts.save': {
      const i = input as RuleInput<'drafts.save'>
      return (await saveDraft(db, teamId, { conversationId: i.conversationId, profile: member.profile, text: i.text, hlc: op.hlc })) ? applied() : superseded()
    }
    case 'conversations.setStatus':
    case 'conversations.assign':
      return writeFields(ctx, (input as { conversationIds: string[] }).conversationIds, registerFields(name, input))
    case 'conversations.addTags': {
      const i = input as RuleInput<'conversations.addTags'>
      await addTags(db, teamId, i.conversationIds, i.tags, seq)
      return applied()
    }
    case 'conversations.removeTags': {
      const i = input as RuleInput<'conversations.removeTags'>
      await removeTags(db, teamId, i.conversationIds, i.tags, op.baseSeq, member.id)
      return applied()
    }
    case 'notes.add': {
      const i = input as RuleInput<'notes.add'>
      const fresh = await appendNote(db, teamId, { id: i.noteId, conversationId: i.conversationId, memberId: member.id, body: i.body, seq })
      return fresh ? applied() : noteExists()
    }
    case 'items.ingest': {
      const i = input as RuleInput<'items.ingest'>
      const id = await recordItem(db, teamId, { channelAccount: i.channelAccount, remoteId: i.remoteId, id: i.itemId, seq })
      return id === i.itemId ? applied() : { outcome: 'superseded', message: `already in the team store as item ${id}` }
    }
    case 'outbox.cancel': {
      const i = input as RuleInput<'outbox.cancel'>
      if (i.approvalId === null) return applied()
      const done = await cancelTeamReply(db, teamId, { approvalId: i.approvalId, reopen: i.reopenApproval === true, memberId: member.id })
      return controlled(done, 'cancelled', { approvalId: i.approvalId, reopened: i.reopenApproval === true })
    }
    case 'outbox.retry': {
      const i = input as RuleInput<'outbox.retry'>
      if (i.approvalId === null) return applied()
      return controlled(await retryTeamReply(db, teamId, i.approvalId), null, { approvalId: i.approvalId })
    }
  }
}

export const noteExists = (): Applied => rejected('That note already exists; notes are never changed, add a new one instead.')
export const superseded = (): Applied => ({ outcome: 'superseded', message: 'a later change from another laptop already set this; kept as activity' })

/** A cancel or retry of a team reply: applied, or lost when the reply is already on its way or out (it cannot be taken back). */
function controlled(done: OutboxControl, auditAs: string | null, detail: Record<string, unknown>): Applied {
  if (done.kind === 'sent') return { outcome: 'lost', message: `already sent by ${done.by ?? 'another member'}` }
  if (done.kind === 'in_flight') return { outcome: 'lost', message: 'another laptop is sending it right now (or may have sent it); it cannot be taken back' }
  if (done.kind === 'not_approver') return rejected('Only the member who approved this reply can take the approval back; cancel it instead.')
  return done.kind === 'done' && auditAs ? applied({ action: `outbox.${auditAs}`, detail }) : applied()
}

/** Last writer wins per field; the op stays in the log either way, so both changes remain as activity. */
async function writeFields(ctx: Ctx, entityIds: string[], fields: [string, unknown][]): Promise<Applied> {
  let won = false
  for (const entityId of entityIds) {
    for (const [field, value] of fields) {
      if (await writeRegister(ctx.db, ctx.teamId, { entityId, field, value, hlc: ctx.op.hlc, memberId: ctx.member.id })) won = true
    }
  }
  return won ? applied() : superseded()
}

async function decide(ctx: Ctx, name: keyof typeof DECISIONS, input: { approvalId: string; textHash: string; text?: string; newTextHash?: string; reason?: string }): Promise<Applied> {
  const { db, teamId, member, seq, op } = ctx
  const decision = DECISIONS[name]
  if (member.role === 'agent') return rejected(`${member.name} is an agent; only a supervisor or an admin may ${decision.verb} a reply.`)
  const newText = name === 'approvals.editAndApprove' ? (input.text ?? null) : null
  const won = await decideApproval(db, teamId, {
    id: input.approvalId, expectedHash: input.textHash, state: decision.state,
    text: newText, textHash: newText === null ? null : (input.newTextHash ?? textHash(newText)), decidedBy: member.id, hlc: op.hlc, seq,
  })
  if (!won) return lostDecision(ctx, input.approvalId, input.textHash)
  const detail: Record<string, unknown> = { approvalId: input.approvalId, decision: decision.state, textHash: won.textHash }
  if (decision.state === 'approved') {
    const outbox = await insertOutboxItem(db, teamId, { approvalId: input.approvalId, conversationId: won.conversationId, channelAccount: won.channelAccount, text: won.text, textHash: won.textHash })
    detail.outboxId = outbox.id
    detail.idempotencyKey = outbox.idempotencyKey
  }
  return applied({ action: `approval.${decision.state}`, detail })
}

async function lostDecision(ctx: Ctx, approvalId: string, expectedHash: string): Promise<Applied> {
  const current = await approvalState(ctx.db, ctx.teamId, approvalId)
  if (!current) return rejected('The team store has no such approval request (it may not have been shared yet).')
  if (current.state !== 'pending') {
    const who = current.decidedBy === ctx.member.id ? 'you' : (current.decidedByName ?? 'another member')
    return { outcome: 'lost', message: `already decided by ${who} (${current.state.replace('_', ' ')})` }
  }
  if (current.textHash !== expectedHash) return { outcome: 'lost', message: 'the reply was changed after you read it; read the new text and decide again' }
  return { outcome: 'lost', message: 'the approval changed meanwhile' }
}
