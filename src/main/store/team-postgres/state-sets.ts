import type { Queryable } from './queryable'

/**
 * The conflict rules of many ops of one kind in one statement each (a pushed batch's items, register
 * writes, notes, tag adds), with the outcome each op would have had applied one at a time in the
 * batch's order. The caller holds the team's lock, so nothing else writes these rows meanwhile.
 */

/**
 * A run of inbound items: each answered with the item id the team store keeps for its (channel
 * account, remote id), its own when it is new. Two items with one key in the run: the first (lower
 * seq) is kept.
 */
export async function recordItems(db: Queryable, teamId: string, items: readonly { channelAccount: string; remoteId: string; id: string; seq: number }[]): Promise<string[]> {
  if (items.length === 0) return []
  const { rows } = await db.query<{ seq: string; id: string }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(channel_account text, remote_id text, id uuid, seq bigint)
     ), ins AS (
       INSERT INTO team_items(team_id, channel_account, remote_id, id, seq)
       SELECT $1, channel_account, remote_id, id, seq FROM input ORDER BY seq
       ON CONFLICT DO NOTHING RETURNING channel_account, remote_id, id
     )
     SELECT i.seq, coalesce(ins.id, t.id) AS id FROM input i
     LEFT JOIN ins ON ins.channel_account = i.channel_account AND ins.remote_id = i.remote_id
     LEFT JOIN team_items t ON t.team_id = $1 AND t.channel_account = i.channel_account AND t.remote_id = i.remote_id`,
    [teamId, JSON.stringify(items.map((i) => ({ channel_account: i.channelAccount, remote_id: i.remoteId, id: i.id, seq: i.seq })))],
  )
  const bySeq = new Map(rows.map((r) => [Number(r.seq), r.id]))
  return items.map((i) => bySeq.get(i.seq)!)
}

/** One field write of one op; `op` numbers the ops in the batch's order, and the list is in that order. */
export interface RegisterWrite {
  op: number
  entityId: string
  field: string
  value: unknown
  hlc: string
}

/**
 * Last writer wins per field, for many writes of one member at once: a write wins when its clock is
 * above the stored one (ties by member id, byte-wise as `writeRegister`) and above every earlier write
 * to that field in the list, as writing them one by one in order would find. Each field is written
 * once, with its latest winner. Returns the ops that won at least one field.
 */
export async function writeRegisters(db: Queryable, teamId: string, memberId: string, writes: readonly RegisterWrite[]): Promise<Set<number>> {
  if (writes.length === 0) return new Set()
  const { rows } = await db.query<{ op: number }>(
    `WITH w AS (
       -- A JSON null value comes out of jsonb_to_recordset as SQL NULL: stored as JSON null, as writeRegister does.
       SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(k int, op int, entity_id uuid, field text, value jsonb, hlc text)
     ), ranked AS (
       SELECT w.*, max(w.hlc COLLATE "C") OVER (PARTITION BY w.entity_id, w.field ORDER BY w.k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_max
       FROM w
     ), won AS (
       SELECT ranked.* FROM ranked
       LEFT JOIN team_registers cur ON cur.team_id = $1 AND cur.entity_id = ranked.entity_id AND cur.field = ranked.field
       WHERE (cur.hlc IS NULL OR (cur.hlc COLLATE "C", cur.member_id::text COLLATE "C") < (ranked.hlc COLLATE "C", $2::uuid::text COLLATE "C"))
         AND (ranked.before_max IS NULL OR ranked.before_max < ranked.hlc COLLATE "C")
     ), written AS (
       INSERT INTO team_registers(team_id, entity_id, field, value, hlc, member_id)
       SELECT DISTINCT ON (entity_id, field) $1, entity_id, field, coalesce(value, 'null'::jsonb), hlc, $2 FROM won ORDER BY entity_id, field, k DESC
       ON CONFLICT (team_id, entity_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, member_id = excluded.member_id
       WHERE (team_registers.hlc COLLATE "C", team_registers.member_id::text COLLATE "C") < (excluded.hlc COLLATE "C", excluded.member_id::text COLLATE "C")
       RETURNING 1
     )
     SELECT DISTINCT op FROM won`,
    [teamId, memberId, JSON.stringify(writes.map((w, k) => ({ k, op: w.op, entity_id: w.entityId, field: w.field, value: w.value, hlc: w.hlc })))],
  )
  return new Set(rows.map((r) => Number(r.op)))
}

/** Append-only notes, one per id (the caller passes each id once): returns the seqs of the notes that were new. */
export async function appendNotes(db: Queryable, teamId: string, memberId: string, notes: readonly { id: string; conversationId: string; body: string; seq: number }[]): Promise<Set<number>> {
  if (notes.length === 0) return new Set()
  const { rows } = await db.query<{ seq: string }>(
    `INSERT INTO team_notes(team_id, id, conversation_id, member_id, body, seq)
     SELECT $1, r.id, r.conversation_id, $2, r.body, r.seq
     FROM jsonb_to_recordset($3::jsonb) AS r(id uuid, conversation_id uuid, body text, seq bigint) ORDER BY r.seq
     ON CONFLICT DO NOTHING RETURNING seq`,
    [teamId, memberId, JSON.stringify(notes.map((n) => ({ id: n.id, conversation_id: n.conversationId, body: n.body, seq: n.seq })))],
  )
  return new Set(rows.map((r) => Number(r.seq)))
}

/** The adds of several `addTags` ops: every (conversation, tag) of each op, stamped with that op's seq. */
export async function addTagsOfOps(db: Queryable, teamId: string, adds: readonly { entityIds: string[]; tags: string[]; seq: number }[]): Promise<void> {
  const entities: string[] = []
  const tags: string[] = []
  const seqs: number[] = []
  for (const add of adds) {
    for (const e of add.entityIds) {
      for (const t of add.tags) {
        entities.push(e)
        tags.push(t)
        seqs.push(add.seq)
      }
    }
  }
  if (entities.length === 0) return
  await db.query(
    `INSERT INTO team_tag_adds(team_id, entity_id, tag, add_seq)
     SELECT $1, e, t, s FROM unnest($2::uuid[], $3::text[], $4::bigint[]) AS x(e, t, s) ON CONFLICT DO NOTHING`,
    [teamId, entities, tags, seqs],
  )
}
