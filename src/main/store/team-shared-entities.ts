import { ACCOUNT_KEY_SQL } from './team-entities'
import type { Db } from './database'

/** A team list whose rows are named by the uuid their maker gave them (migration 15). */
export type SharedList = 'canned_replies' | 'saved_views' | 'rules' | 'topics' | 'contact_merges'

/** A tag as a team op names it: the uuid its maker gave it, and its name when the op was made. */
export interface TagRef {
  id: string
  name: string
}

/** One identity as every laptop can find it: its channel account (`platform|base url|handle`) and the author's id there. */
export interface IdentityKey {
  account: string
  remoteId: string
}

/**
 * The SQL that names a laptop's tags, canned replies, saved views, rules, topics and contacts in team
 * terms, and finds the local rows a pulled op names. Beside TeamEntityStore, which does the same for
 * conversations, messages and approvals.
 */
export class TeamSharedEntityStore {
  constructor(private readonly db: Db) {}

  uuidOf(list: SharedList, id: number): string | null {
    return this.db.prepare<[number], { uuid: string }>(`SELECT uuid FROM ${list} WHERE id = ?`).get(id)?.uuid ?? null
  }

  idOf(list: SharedList, uuid: string): number | null {
    return this.db.prepare<[string], { id: number }>(`SELECT id FROM ${list} WHERE uuid = ?`).get(uuid)?.id ?? null
  }

  /** The row of that name (case as the table compares it); of saved views, whose names may repeat, the newest. */
  idByName(list: Exclude<SharedList, 'contact_merges'>, name: string): { id: number; uuid: string } | null {
    return this.db.prepare<[string], { id: number; uuid: string }>(`SELECT id, uuid FROM ${list} WHERE name = ? COLLATE NOCASE ORDER BY id DESC LIMIT 1`).get(name) ?? null
  }

  setUuid(list: SharedList, id: number, uuid: string): void {
    this.db.prepare(`UPDATE ${list} SET uuid = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM ${list} WHERE uuid = ?)`).run(uuid, id, uuid)
  }

  tagRefs(ids: readonly number[]): TagRef[] {
    const stmt = this.db.prepare<[number], TagRef>('SELECT uuid AS id, name FROM tags WHERE id = ?')
    return ids.map((id) => stmt.get(id)).filter((r): r is TagRef => r !== undefined)
  }

  /** By the uuid first (the tag was made here or its maker's uuid was taken), then by the name it had. */
  tagId(ref: Partial<TagRef>): number | null {
    if (typeof ref.id === 'string') {
      const byUuid = this.db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE uuid = ?').get(ref.id)
      if (byUuid) return byUuid.id
    }
    if (typeof ref.name !== 'string') return null
    return this.db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE name = ? COLLATE NOCASE').get(ref.name)?.id ?? null
  }

  tagUuid(id: number): string | null {
    return this.db.prepare<[number], { uuid: string }>('SELECT uuid FROM tags WHERE id = ?').get(id)?.uuid ?? null
  }

  setTagUuid(id: number, uuid: string): void {
    this.db.prepare('UPDATE tags SET uuid = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM tags WHERE uuid = ?)').run(uuid, id, uuid)
  }

  /** The identities of a contact now, by natural key. */
  contactIdentities(contactId: number): IdentityKey[] {
    return this.db
      .prepare<[number], IdentityKey>(
        `SELECT ${ACCOUNT_KEY_SQL} AS account, i.remote_id AS remoteId FROM identities i JOIN channel_accounts a ON a.id = i.channel_account_id
         WHERE i.contact_id = ? ORDER BY i.id`,
      )
      .all(contactId)
  }

  identitiesById(ids: readonly number[]): IdentityKey[] {
    const stmt = this.db.prepare<[number], IdentityKey>(
      `SELECT ${ACCOUNT_KEY_SQL} AS account, i.remote_id AS remoteId FROM identities i JOIN channel_accounts a ON a.id = i.channel_account_id WHERE i.id = ?`,
    )
    return ids.map((id) => stmt.get(id)).filter((k): k is IdentityKey => k !== undefined)
  }

  /** The contact that holds the first of these identities found here (a merge moves identities, so this is the contact shown). */
  contactOf(keys: readonly IdentityKey[]): number | null {
    const stmt = this.db.prepare<[string, string], { id: number }>(
      `SELECT i.contact_id AS id FROM identities i JOIN channel_accounts a ON a.id = i.channel_account_id WHERE ${ACCOUNT_KEY_SQL} = ? AND i.remote_id = ?`,
    )
    for (const k of keys) {
      const found = stmt.get(k.account, k.remoteId)
      if (found) return found.id
    }
    return null
  }

  /** The merge a transaction has just made of source into target: what it moved, and its uuid. */
  openMerge(targetId: number, sourceId: number): { uuid: string; identityIds: number[] } | null {
    const row = this.db
      .prepare<[number, number], { uuid: string; identity_ids: string }>(
        'SELECT uuid, identity_ids FROM contact_merges WHERE target_id = ? AND source_id = ? AND unmerged_at IS NULL ORDER BY id DESC LIMIT 1',
      )
      .get(targetId, sourceId)
    return row ? { uuid: row.uuid, identityIds: JSON.parse(row.identity_ids) as number[] } : null
  }

  mergeUnmerged(id: number): boolean {
    return this.db.prepare<[number], { at: number | null }>('SELECT unmerged_at AS at FROM contact_merges WHERE id = ?').get(id)?.at != null
  }
}
