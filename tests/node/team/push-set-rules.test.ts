import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TeamService } from '../../../src/main/features/team/service'
import type { TeamOp } from '../../../src/main/model/team-op'
import type { MemberRow } from '../../../src/main/store/team-postgres/members'
import { notesOf, registers, tagsOf } from '../../../src/main/store/team-postgres/state'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { hlcAt, op, openTestTeam, type TestTeam } from '../../support/team-store'

/**
 * A pushed batch applies its items, status/assignee changes, notes and tag adds one statement per
 * kind: each op must still get the outcome it would have had applied alone, in the batch's order.
 * The reference is a second team that receives the same ops one push at a time.
 */
describe.skipIf(postgresMissing() !== null)('rules applied set by set in a pushed batch', () => {
  let cluster: PostgresCluster
  let batched: { team: TestTeam; bea: MemberRow; cai: MemberRow }
  let single: { team: TestTeam; bea: MemberRow; cai: MemberRow }
  const pool = (s: TeamService) => (s as unknown as { pool: pg.Pool }).pool

  beforeAll(async () => {
    cluster = await startPostgres()
    const open = async (label: string) => {
      const team = await openTestTeam(cluster, label)
      return { team, bea: await team.join('Bea', 'supervisor'), cai: await team.join('Cai', 'supervisor') }
    }
    batched = await open('sets_batched')
    single = await open('sets_single')
  })
  afterAll(async () => {
    await batched?.team.service.close()
    await single?.team.service.close()
    await cluster?.stop()
  })

  /** Rows of `table` for these entities written by how many (sub)transactions: 1 when one statement wrote them all. */
  const writers = async (t: TestTeam, table: string, column: string, ids: string[]): Promise<number> =>
    (await pool(t.service).query(`SELECT count(DISTINCT xmin::text)::int AS n FROM ${table} WHERE ${column} = ANY($1::uuid[])`, [ids])).rows[0].n

  it('a batch mixing kinds gives every op the outcome it has one push at a time, one statement per kind', async () => {
    const [c1, c2, c3] = [randomUUID(), randomUUID(), randomUUID()]
    const note = randomUUID()
    const existingNote = randomUUID()
    const item = (remoteId: string) => ({ itemId: randomUUID(), channelAccount: 'acct-sets', remoteId })
    // Before the batch: Cai set c3's status at a late clock, a note and an item are already stored.
    const before = (m: { bea: MemberRow; cai: MemberRow }): TeamOp[][] => [
      [op(m.cai, 'conversations.setStatus', { conversationIds: [c3], status: 'closed', snoozeUntil: null }, { hlc: hlcAt(9_000_000) })],
      [op(m.bea, 'notes.add', { noteId: existingNote, conversationId: c1, body: 'stored before' })],
    ]
    const earlierItem = item('s-1')
    const bea = batched.bea
    const ops: TeamOp[] = [
      op(bea, 'items.ingest', earlierItem),
      op(bea, 'conversations.setStatus', { conversationIds: [c1, c2], status: 'open', snoozeUntil: 5 }, { hlc: hlcAt(5_000_100) }),
      op(bea, 'items.ingest', item('s-2')),
      op(bea, 'notes.add', { noteId: note, conversationId: c1, body: 'first' }),
      // An older clock after a newer one on c1: superseded; on c2 too. A newer one after both wins.
      op(bea, 'conversations.setStatus', { conversationIds: [c1], status: 'closed' }, { hlc: hlcAt(5_000_050) }),
      op(bea, 'conversations.addTags', { conversationIds: [c1], tags: ['refund', 'vip'] }),
      op(bea, 'items.ingest', item('s-1')),
      op(bea, 'conversations.assign', { conversationIds: [c1, c3], assignee: 'bea' }, { hlc: hlcAt(5_000_200) }),
      op(bea, 'notes.add', { noteId: note, conversationId: c1, body: 'rewritten' }),
      op(bea, 'conversations.removeTags', { conversationIds: [c1], tags: ['refund'] }),
      op(bea, 'conversations.setStatus', { conversationIds: [c2], status: 'snoozed', snoozeUntil: 7 }, { hlc: hlcAt(5_000_300) }),
      op(bea, 'conversations.addTags', { conversationIds: [c1, c2], tags: ['refund'] }),
      op(bea, 'tags.create', { name: 'vip' }),
      op(bea, 'notes.add', { noteId: existingNote, conversationId: c1, body: 'again' }),
      // Cai's status on c3 is later than this one: it loses there.
      op(bea, 'conversations.setStatus', { conversationIds: [c3], status: 'open', snoozeUntil: null }, { hlc: hlcAt(5_000_400) }),
      op(bea, 'notes.add', { noteId: randomUUID(), conversationId: c2, body: 'second note' }),
      { ...op(bea, 'conversations.assign', { conversationIds: [c2], assignee: 'cai' }), profile: 'cai' },
      op(bea, 'conversations.setStatus', { conversationIds: ['not-a-uuid'], status: 'open' }),
      op(bea, 'conversations.assign', { conversationIds: [c1], assignee: null }, { hlc: hlcAt(5_000_200) }),
    ]
    const expected = [
      'applied', 'applied', 'applied', 'applied', 'superseded', 'applied', 'superseded', 'applied', 'rejected', 'applied',
      'applied', 'applied', 'applied', 'rejected', 'superseded', 'applied', 'rejected', 'rejected', 'superseded',
    ]

    for (const side of [batched, single]) for (const push of before(side)) await side.team.service.push(push[0]!.profile === 'cai' ? side.cai : side.bea, push)
    const results = await batched.team.service.push(bea, ops)
    expect(results.map((r) => r.outcome)).toEqual(expected)
    const oneByOne = []
    for (const o of ops) oneByOne.push(...(await single.team.service.push(single.bea, [o])))
    expect(oneByOne.map((r) => [r.outcome, r.message])).toEqual(results.map((r) => [r.outcome, r.message]))

    // The same shared state either way.
    const state = async (side: typeof batched) => {
      const db = pool(side.team.service)
      const teamId = side.team.admin.teamId
      return {
        registers: await Promise.all([c1, c2, c3].map((c) => registers(db, teamId, c))),
        notes: (await Promise.all([c1, c2].map((c) => notesOf(db, teamId, c)))).map((ns) => ns.map((n) => n.body)),
        tags: await Promise.all([c1, c2].map((c) => tagsOf(db, teamId, c))),
        items: (await db.query('SELECT remote_id, id FROM team_items WHERE team_id = $1 ORDER BY remote_id', [teamId])).rows,
      }
    }
    const got = await state(batched)
    expect(got).toEqual(await state(single))
    expect(got.registers).toEqual([
      { status: 'open', snoozeUntil: 5, assignee: 'bea' },
      { status: 'snoozed', snoozeUntil: 7 },
      { status: 'closed', snoozeUntil: null, assignee: 'bea' },
    ])
    expect(got.tags).toEqual([['refund', 'vip'], ['refund']])

    // One statement wrote each kind's rows in the batch (one subtransaction each), not one savepoint per op.
    expect(await writers(batched.team, 'team_registers', 'entity_id', [c1, c2])).toBe(1)
    expect(await writers(batched.team, 'team_notes', 'conversation_id', [c2])).toBe(1)
    expect(await writers(batched.team, 'team_items', 'id', results.flatMap((r, k) => (r.outcome === 'applied' && ops[k]!.operation === 'items.ingest' ? [(ops[k]!.input as { itemId: string }).itemId] : [])))).toBe(1)
    expect(await writers(single.team, 'team_registers', 'entity_id', [c1, c2])).toBeGreaterThan(1)
  })

  it('a rule that fails in the middle of a set statement rejects that op alone; the other kinds stay set by set', async () => {
    const { team, bea } = batched
    await pool(team.service).query(`
      CREATE FUNCTION refuse_status() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.value = '"explode"'::jsonb THEN RAISE EXCEPTION 'this status cannot be stored'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_status BEFORE INSERT OR UPDATE ON team_registers FOR EACH ROW EXECUTE FUNCTION refuse_status();`)
    const [c1, c2, c3] = [randomUUID(), randomUUID(), randomUUID()]
    const status = (c: string, s: string, at: number) => op(bea, 'conversations.setStatus', { conversationIds: [c], status: s }, { hlc: hlcAt(at) })
    const ops = [
      status(c1, 'open', 6_000_100),
      op(bea, 'notes.add', { noteId: randomUUID(), conversationId: c3, body: 'one' }),
      status(c2, 'open', 6_000_200),
      status(c1, 'done', 6_000_050),
      op(bea, 'notes.add', { noteId: randomUUID(), conversationId: c3, body: 'two' }),
      // The set statement writes each field's last winner: this one, which the trigger refuses.
      status(c2, 'explode', 6_000_300),
      status(c1, 'closed', 6_000_400),
    ]
    const results = await team.service.push(bea, ops)
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'superseded', 'applied', 'rejected', 'applied'])
    expect(results[5]!.message).toMatch(/this status cannot be stored/)
    expect(results.map((r) => r.seq)).toEqual(results.map((_, k) => results[0]!.seq + k))
    expect(await registers(pool(team.service), team.admin.teamId, c1)).toEqual({ status: 'closed' })
    expect(await registers(pool(team.service), team.admin.teamId, c2)).toEqual({ status: 'open' })
    // The notes' statement was not undone with the failed one.
    expect((await notesOf(pool(team.service), team.admin.teamId, c3)).map((n) => n.body)).toEqual(['one', 'two'])
    expect(await writers(team, 'team_notes', 'conversation_id', [c3])).toBe(1)
    const pulled = await team.service.pull(bea, results[0]!.seq - 1, 10)
    expect(pulled.ops.map((o) => o.outcome)).toEqual(results.map((r) => r.outcome))
  })
})
