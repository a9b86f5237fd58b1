import type { Queryable } from './queryable'

/**
 * Last writer wins by hybrid logical clock (ties broken by member id), compared byte-wise so the
 * database's collation cannot reorder clocks. Returns false when a later write already holds the field.
 */
export async function writeRegister(
  db: Queryable,
  teamId: string,
  w: { entityId: string; field: string; value: unknown; hlc: string; memberId: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO team_registers(team_id, entity_id, field, value, hlc, member_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (team_id, entity_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, member_id = excluded.member_id
     WHERE (team_registers.hlc COLLATE "C", team_registers.member_id::text COLLATE "C") < (excluded.hlc COLLATE "C", excluded.member_id::text COLLATE "C")`,
    [teamId, w.entityId, w.field, JSON.stringify(w.value), w.hlc, w.memberId],
  )
  return rowCount === 1
}

export async function registers(db: Queryable, teamId: string, entityId: string): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ field: string; value: unknown }>('SELECT field, value FROM team_registers WHERE team_id = $1 AND entity_id = $2', [teamId, entityId])
  return Object.fromEntries(rows.map((r) => [r.field, r.value]))
}

export async function addTags(db: Queryable, teamId: string, entityIds: string[], tags: string[], seq: number): Promise<void> {
  await db.query(
    `INSERT INTO team_tag_adds(team_id, entity_id, tag, add_seq)
     SELECT $1, e, t, $4 FROM unnest($2::uuid[]) AS e CROSS JOIN unnest($3::text[]) AS t ON CONFLICT DO NOTHING`,
    [teamId, entityIds, tags, seq],
  )
}

/**
 * Add-wins removal: deletes only the adds the remover had seen, i.e. pulled (seq <= baseSeq) or made
 * itself. An add made meanwhile on another laptop survives.
 */
export async function removeTags(db: Queryable, teamId: string, entityIds: string[], tags: string[], baseSeq: number, memberId: string): Promise<void> {
  await db.query(
    `DELETE FROM team_tag_adds a USING team_ops o
     WHERE a.team_id = $1 AND a.entity_id = ANY($2::uuid[]) AND a.tag = ANY($3::text[])
       AND o.team_id = a.team_id AND o.seq = a.add_seq AND (a.add_seq <= $4 OR o.member_id = $5)`,
    [teamId, entityIds, tags, baseSeq, memberId],
  )
}

export async function tagsOf(db: Queryable, teamId: string, entityId: string): Promise<string[]> {
  const { rows } = await db.query<{ tag: string }>('SELECT DISTINCT tag FROM team_tag_adds WHERE team_id = $1 AND entity_id = $2 ORDER BY tag', [teamId, entityId])
  return rows.map((r) => r.tag)
}

/** Notes are append-only: a note id is written once and never changed. */
export async function appendNote(db: Queryable, teamId: string, n: { id: string; conversationId: string; memberId: string; body: string; seq: number }): Promise<boolean> {
  const { rowCount } = await db.query(
    'INSERT INTO team_notes(team_id, id, conversation_id, member_id, body, seq) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
    [teamId, n.id, n.conversationId, n.memberId, n.body, n.seq],
  )
  return rowCount === 1
}

export async function notesOf(db: Queryable, teamId: string, conversationId: string): Promise<{ id: string; body: string; memberId: string }[]> {
  const { rows } = await db.query<{ id: string; body: string; member_id: string }>('SELECT id, body, member_id FROM team_notes WHERE team_id = $1 AND conversation_id = $2 ORDER BY seq', [teamId, conversationId])
  return rows.map((r) => ({ id: r.id, body: r.body, memberId: r.member_id }))
}

/** Drafts belong to one profile: only that profile's own later clock replaces its text. */
export async function saveDraft(db: Queryable, teamId: string, d: { conversationId: string; profile: string; text: string; hlc: string }): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO team_drafts(team_id, conversation_id, profile, text, hlc) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (team_id, conversation_id, profile) DO UPDATE SET text = excluded.text, hlc = excluded.hlc
     WHERE team_drafts.hlc COLLATE "C" < excluded.hlc COLLATE "C"`,
    [teamId, d.conversationId, d.profile, d.text, d.hlc],
  )
  return rowCount === 1
}

export async function draftsOf(db: Queryable, teamId: string, conversationId: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ profile: string; text: string }>('SELECT profile, text FROM team_drafts WHERE team_id = $1 AND conversation_id = $2', [teamId, conversationId])
  return Object.fromEntries(rows.map((r) => [r.profile, r.text]))
}

/** Inbound items are keyed by (channel account, remote id): two laptops polling the same post make one item. */
export async function recordItem(db: Queryable, teamId: string, i: { channelAccount: string; remoteId: string; id: string; seq: number }): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `WITH ins AS (
       INSERT INTO team_items(team_id, channel_account, remote_id, id, seq) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id
     )
     SELECT id FROM ins UNION ALL SELECT id FROM team_items WHERE team_id = $1 AND channel_account = $2 AND remote_id = $3 LIMIT 1`,
    [teamId, i.channelAccount, i.remoteId, i.id, i.seq],
  )
  return rows[0]!.id
}
