import type { MemberRow } from '../../store/team-postgres/members'
import type { Queryable } from '../../store/team-postgres/queryable'
import { addTagsOfOps, appendNotes, recordItems, writeRegisters, type RegisterWrite } from '../../store/team-postgres/state-sets'
import { applied, noteExists, registerFields, superseded, type Applied } from './apply'
import type { RuleInput, RuleOperation } from './rules-input'

/**
 * Rules whose ops a pushed batch applies many at a time, one statement for all the ops of one kind,
 * with the outcome each would have had applied alone in the batch's order. Each kind writes tables no
 * other kind touches (items, registers, notes, tag adds), so applying a kind's ops together, apart
 * from the batch's other ops, finds the same state op by op.
 */
export type SetKind = 'items' | 'registers' | 'notes' | 'tagAdds'

const KINDS: Partial<Record<RuleOperation, SetKind>> = {
  'items.ingest': 'items',
  'conversations.setStatus': 'registers',
  'conversations.assign': 'registers',
  'notes.add': 'notes',
  'conversations.addTags': 'tagAdds',
}

export const setKindOf = (name: RuleOperation): SetKind | undefined => KINDS[name]

/** An op that passed `precheck`, numbered in its batch. */
export interface CheckedOp {
  name: RuleOperation
  input: unknown
  seq: number
  hlc: string
}

interface SetCtx {
  db: Queryable
  teamId: string
  member: MemberRow
}

/** Applies ops of one kind (in seq order) in one statement; throws when the statement fails, and then nothing of it stays. */
export const setRules: Record<SetKind, (ctx: SetCtx, ops: readonly CheckedOp[]) => Promise<Applied[]>> = {
  async items(ctx, ops) {
    const items = ops.map((o) => {
      const i = o.input as RuleInput<'items.ingest'>
      return { channelAccount: i.channelAccount, remoteId: i.remoteId, id: i.itemId, seq: o.seq }
    })
    const ids = await recordItems(ctx.db, ctx.teamId, items)
    return items.map((item, k) => (ids[k] === item.id ? applied() : { outcome: 'superseded', message: `already in the team store as item ${ids[k]}` }))
  },

  async registers(ctx, ops) {
    const writes: RegisterWrite[] = []
    ops.forEach((o, k) => {
      const fields = registerFields(o.name as 'conversations.setStatus' | 'conversations.assign', o.input)
      // The order writeFields writes them in: each conversation, then each field.
      for (const entityId of (o.input as { conversationIds: string[] }).conversationIds) {
        for (const [field, value] of fields) writes.push({ op: k, entityId, field, value, hlc: o.hlc })
      }
    })
    const won = await writeRegisters(ctx.db, ctx.teamId, ctx.member.id, writes)
    return ops.map((_, k) => (won.has(k) ? applied() : superseded()))
  },

  async notes(ctx, ops) {
    // A note id twice in the batch: the later one finds the earlier, as it would one at a time.
    const seen = new Set<string>()
    const first: { id: string; conversationId: string; body: string; seq: number }[] = []
    for (const o of ops) {
      const i = o.input as RuleInput<'notes.add'>
      if (seen.has(i.noteId)) continue
      seen.add(i.noteId)
      first.push({ id: i.noteId, conversationId: i.conversationId, body: i.body, seq: o.seq })
    }
    const fresh = await appendNotes(ctx.db, ctx.teamId, ctx.member.id, first)
    return ops.map((o) => (fresh.has(o.seq) ? applied() : noteExists()))
  },

  async tagAdds(ctx, ops) {
    await addTagsOfOps(ctx.db, ctx.teamId, ops.map((o) => {
      const i = o.input as RuleInput<'conversations.addTags'>
      return { entityIds: i.conversationIds, tags: i.tags, seq: o.seq }
    }))
    return ops.map(() => applied())
  },
}
