import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TeamService } from '../../../src/main/features/team/service'
import { bySize } from '../../../src/main/features/team/team-workspace'
import type { MemberRow } from '../../../src/main/store/team-postgres/members'
import { tagsOf } from '../../../src/main/store/team-postgres/state'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { op, openTestTeam, type TestTeam } from '../../support/team-store'

describe('push batches', () => {
  it('are cut by size so a request stays under the service limit, never empty', () => {
    const op = (n: number) => ({ text: 'x'.repeat(n) })
    expect(bySize([op(100), op(100), op(100)], 250)).toHaveLength(2)
    expect(bySize([op(1_000)], 10)).toHaveLength(1)
    expect(bySize([], 10)).toEqual([])
  })
})

/** The service applies a pushed batch in one PostgreSQL transaction, each op under its own savepoint. */
describe.skipIf(postgresMissing() !== null)('a pushed batch on the sync service', () => {
  let cluster: PostgresCluster
  let team: TestTeam
  let bea: MemberRow
  const pool = (s: TeamService) => (s as unknown as { pool: pg.Pool }).pool

  beforeAll(async () => {
    cluster = await startPostgres()
    team = await openTestTeam(cluster, 'batches')
    bea = await team.join('Bea', 'supervisor')
  })
  afterAll(async () => {
    await team?.service.close()
    await cluster?.stop()
  })

  it('commits in one transaction, numbered in order, each op with its own outcome', async () => {
    const conversation = randomUUID()
    const noteId = randomUUID()
    const ops = [
      ...Array.from({ length: 300 }, (_, k) => op(bea, 'tags.create', { name: `t-${k}` })),
      op(bea, 'notes.add', { noteId, conversationId: conversation, body: 'first' }),
      op(bea, 'notes.add', { noteId, conversationId: conversation, body: 'rewritten' }),
    ]
    const results = await team.service.push(bea, ops)
    expect(results.map((r) => r.id)).toEqual(ops.map((o) => o.id))
    const first = results[0]!.seq
    expect(results.map((r) => r.seq)).toEqual(ops.map((_, i) => first + i))
    expect(results.at(-2)!.outcome).toBe('applied')
    expect(results.at(-1)).toMatchObject({ outcome: 'rejected', message: 'That note already exists; notes are never changed, add a new one instead.' })
    // One transaction wrote every op of the batch (one commit, one team lock).
    const { rows } = await pool(team.service).query('SELECT count(DISTINCT xmin::text)::int AS n FROM team_ops WHERE id = ANY($1::uuid[])', [ops.map((o) => o.id)])
    expect(rows[0].n).toBe(1)
    // A retried push is answered from the log, the same numbers, nothing applied twice.
    const again = await team.service.push(bea, ops)
    expect(again.every((r) => r.duplicate)).toBe(true)
    expect(again.map((r) => r.seq)).toEqual(results.map((r) => r.seq))
    expect((await team.service.pull(bea, 0, 5_000)).lastSeq).toBe(results.at(-1)!.seq)
  })

  it('rolls back only the op whose rule throws, records it rejected, and keeps the others', async () => {
    // A real failure inside PostgreSQL: a trigger refuses one note's body.
    await pool(team.service).query(`
      CREATE FUNCTION refuse_note() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.body = 'explode' THEN RAISE EXCEPTION 'this note cannot be stored'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_note BEFORE INSERT ON team_notes FOR EACH ROW EXECUTE FUNCTION refuse_note();`)
    const conversation = randomUUID()
    const ops = [
      op(bea, 'conversations.addTags', { conversationIds: [conversation], tags: ['before'] }),
      op(bea, 'notes.add', { noteId: randomUUID(), conversationId: conversation, body: 'explode' }),
      op(bea, 'conversations.addTags', { conversationIds: [conversation], tags: ['after'] }),
    ]
    const results = await team.service.push(bea, ops)
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'rejected', 'applied'])
    expect(results[1]!.message).toMatch(/this note cannot be stored/)
    expect(results[2]!.seq).toBe(results[0]!.seq + 2)
    expect(await tagsOf(pool(team.service), team.admin.teamId, conversation)).toEqual(['after', 'before'])
    const { rows } = await pool(team.service).query('SELECT count(*)::int AS n FROM team_notes WHERE conversation_id = $1', [conversation])
    expect(rows[0].n).toBe(0)
    const pulled = await team.service.pull(bea, results[0]!.seq - 1, 10)
    expect(pulled.ops.map((o) => o.outcome)).toEqual(['applied', 'rejected', 'applied'])
  })

  it('stores a run of inbound items in one statement with the outcomes one at a time would give, and falls back to one at a time when it fails', async () => {
    const item = (remoteId: string, channelAccount = 'acct-items') => op(bea, 'items.ingest', { itemId: randomUUID(), channelAccount, remoteId })
    const first = item('r-1')
    const [earlier] = await team.service.push(bea, [first])
    expect(earlier!.outcome).toBe('applied')
    const run = [item('r-1'), item('r-2'), item('r-2'), item('r-3'), op(team.admin, 'items.ingest', { itemId: randomUUID(), channelAccount: 'acct-items', remoteId: 'r-4' }), item('r-1', 'acct-other')]
    const results = await team.service.push(bea, run)
    expect(results.map((r) => r.outcome)).toEqual(['superseded', 'applied', 'superseded', 'applied', 'rejected', 'applied'])
    expect(results[0]!.message).toBe(`already in the team store as item ${(first.input as { itemId: string }).itemId}`)
    expect(results[2]!.message).toBe(`already in the team store as item ${(run[1]!.input as { itemId: string }).itemId}`)

    await pool(team.service).query(`
      CREATE FUNCTION refuse_item() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.remote_id = 'explode' THEN RAISE EXCEPTION 'this item cannot be stored'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_item BEFORE INSERT ON team_items FOR EACH ROW EXECUTE FUNCTION refuse_item();`)
    const three = [item('r-5'), item('explode'), item('r-6')]
    const failing = await team.service.push(bea, three)
    expect(failing.map((r) => r.outcome)).toEqual(['applied', 'rejected', 'applied'])
    expect(failing[1]!.message).toMatch(/this item cannot be stored/)
    expect(await itemId('acct-items', 'r-6')).toBe((three[2]!.input as { itemId: string }).itemId)
    expect(await itemId('acct-items', 'explode')).toBeUndefined()
  })

  const itemId = async (account: string, remoteId: string): Promise<string | undefined> =>
    (await pool(team.service).query('SELECT id FROM team_items WHERE channel_account = $1 AND remote_id = $2', [account, remoteId])).rows[0]?.id

  it('sees its own earlier ops: a tag added and removed in one batch is gone (add-wins reads the log)', async () => {
    const conversation = randomUUID()
    const results = await team.service.push(bea, [
      op(bea, 'conversations.addTags', { conversationIds: [conversation], tags: ['refund'] }),
      op(bea, 'conversations.removeTags', { conversationIds: [conversation], tags: ['refund'] }),
    ])
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied'])
    expect(await tagsOf(pool(team.service), team.admin.teamId, conversation)).toEqual([])
  })

  it('several services pushing batches at once number them without gaps, each batch in one run', async () => {
    const others = await Promise.all([TeamService.open(team.url), TeamService.open(team.url)])
    try {
      const services = [team.service, ...others]
      const start = (await team.service.pull(bea, 0, 1)).lastSeq
      const batches = await Promise.all(
        services.map(async (s, i) => {
          const out: number[][] = []
          for (let k = 0; k < 5; k++) out.push((await s.push(bea, Array.from({ length: 40 }, (_, j) => op(bea, 'tags.create', { name: `s${i}-${k}-${j}` })))).map((r) => r.seq))
          return out
        }),
      )
      const all = batches.flat(2).sort((x, y) => x - y)
      expect(all).toEqual(Array.from({ length: 600 }, (_, i) => start + 1 + i))
      for (const batch of batches.flat()) expect(batch).toEqual(Array.from({ length: 40 }, (_, j) => batch[0]! + j))
    } finally {
      await Promise.all(others.map((s) => s.close()))
    }
  })
})
