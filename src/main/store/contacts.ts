import type { ContactDetail, ContactMatch, ContactMerge } from '../../shared/contract/operations-people'
import { ParleyError } from '../../shared/contract'
import type { ActivityLog } from './activity'
import type { Db } from './database'
import type { UnitOfWork } from './unit-of-work'
import { toSummary, type ConversationRow } from './rows'

interface ContactRow {
  id: number
  display_name: string
  notes: string
  merged_into: number | null
  created_at: number
}

interface MergeRow {
  id: number
  target_id: number
  source_id: number
  identity_ids: string
  conversation_ids: string
  merged_by: number | null
  merged_at: number
  unmerged_by: number | null
  unmerged_at: number | null
  source_name: string
  target_name: string
  merged_by_name: string | null
}

export interface Actor {
  id: number
  name: string
}

const CONVERSATIONS_SHOWN = 200

const ids = (json: string): number[] => JSON.parse(json) as number[]

const toContact = (r: ContactRow): ContactDetail['contact'] => ({
  id: r.id,
  displayName: r.display_name,
  notes: r.notes,
  mergedInto: r.merged_into,
  createdAt: r.created_at,
})

const toMerge = (r: MergeRow): ContactMerge => ({
  id: r.id,
  targetId: r.target_id,
  sourceId: r.source_id,
  sourceName: r.source_name,
  targetName: r.target_name,
  identityCount: ids(r.identity_ids).length,
  conversationCount: ids(r.conversation_ids).length,
  mergedAt: r.merged_at,
  mergedBy: r.merged_by_name,
  unmergedAt: r.unmerged_at,
})

const MERGE_SELECT = `SELECT cm.*, s.display_name AS source_name, t.display_name AS target_name, p.name AS merged_by_name
  FROM contact_merges cm JOIN contacts s ON s.id = cm.source_id JOIN contacts t ON t.id = cm.target_id
  LEFT JOIN profiles p ON p.id = cm.merged_by`

/**
 * Contacts: one person with identities on several channels. A merge moves the source contact's
 * identities and conversations to the target and keeps exactly what it moved in contact_merges,
 * so an un-merge puts back that assignment (plus conversations the source's identities started
 * since), nothing more. Each moved conversation's thread records the merge as activity.
 */
export class ContactStore {
  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly activity: ActivityLog,
  ) {}

  private row(id: number): ContactRow {
    const row = this.db.prepare<[number], ContactRow>('SELECT * FROM contacts WHERE id = ?').get(id)
    if (!row) throw new ParleyError('not_found', `Contact ${id} does not exist.`)
    return row
  }

  get(id: number): ContactDetail {
    const contact = this.row(id)
    const identities = this.db
      .prepare<[number, number], {
        id: number
        channel_account_id: number
        platform: ContactDetail['identities'][number]['platform']
        account_name: string
        handle: string
        display_name: string
        profile_url: string | null
        via: number | null
      }>(
        `SELECT i.id, i.channel_account_id, a.platform, a.display_name AS account_name, i.handle, i.display_name, i.profile_url,
           (SELECT cm.id FROM contact_merges cm, json_each(cm.identity_ids) j
            WHERE cm.target_id = ? AND cm.unmerged_at IS NULL AND j.value = i.id ORDER BY cm.id DESC LIMIT 1) AS via
         FROM identities i JOIN channel_accounts a ON a.id = i.channel_account_id
         WHERE i.contact_id = ? ORDER BY a.platform, i.handle`,
      )
      .all(id, id)
      .map((r) => ({
        id: r.id,
        accountId: r.channel_account_id,
        platform: r.platform,
        accountName: r.account_name,
        handle: r.handle,
        displayName: r.display_name,
        profileUrl: r.profile_url,
        viaMergeId: r.via,
      }))
    const rows = this.db
      .prepare<[number, number], ConversationRow>(
        'SELECT * FROM conversations WHERE contact_id = ? ORDER BY last_activity_at DESC, id DESC LIMIT ?',
      )
      .all(id, CONVERSATIONS_SHOWN)
    const tags = this.db.prepare<[number], { name: string }>(
      'SELECT t.name FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.conversation_id = ? ORDER BY t.name',
    )
    const merges = this.db.prepare<[number], MergeRow>(`${MERGE_SELECT} WHERE cm.target_id = ? ORDER BY cm.id DESC`).all(id).map(toMerge)
    return {
      contact: toContact(contact),
      identities,
      conversations: rows.map((r) => toSummary(r, tags.all(r.id).map((t) => t.name))),
      merges,
    }
  }

  /** Contacts whose name or a handle contains the text (merged-away ones left out). */
  search(text: string, limit: number): ContactMatch[] {
    const like = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
    const rows = this.db
      .prepare<[{ like: string; limit: number }], { id: number; display_name: string; handles: string | null; n: number }>(
        `SELECT c.id, c.display_name,
           (SELECT group_concat(handle, char(31)) FROM identities WHERE contact_id = c.id) AS handles,
           (SELECT count(*) FROM conversations WHERE contact_id = c.id) AS n
         FROM contacts c
         WHERE c.merged_into IS NULL AND (c.display_name LIKE @like ESCAPE '\\'
           OR c.id IN (SELECT contact_id FROM identities WHERE handle LIKE @like ESCAPE '\\' OR display_name LIKE @like ESCAPE '\\'))
         ORDER BY c.display_name COLLATE NOCASE LIMIT @limit`,
      )
      .all({ like, limit })
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      handles: r.handles ? r.handles.split('\u001f').filter(Boolean) : [],
      conversationCount: r.n,
    }))
  }

  setNotes(id: number, notes: string): ContactDetail['contact'] {
    return this.uow.run(() => {
      this.row(id)
      this.db.prepare('UPDATE contacts SET notes = ? WHERE id = ?').run(notes, id)
      return toContact(this.row(id))
    })
  }

  merge(targetId: number, sourceId: number, actor: Actor, at: number): { merge: ContactMerge; conversations: number[] } {
    if (targetId === sourceId) throw new ParleyError('bad_input', 'A contact cannot be merged into itself. Nothing was changed.')
    return this.uow.run(() => {
      const target = this.row(targetId)
      const source = this.row(sourceId)
      if (target.merged_into !== null) {
        throw new ParleyError('conflict', `${target.display_name} was merged into another contact; merge into that one instead. Nothing was changed.`)
      }
      if (source.merged_into !== null) throw new ParleyError('conflict', `${source.display_name} was already merged into another contact. Nothing was changed.`)
      const identityIds = this.db.prepare<[number], { id: number }>('SELECT id FROM identities WHERE contact_id = ? ORDER BY id').all(sourceId).map((r) => r.id)
      const conversationIds = this.db
        .prepare<[number], { id: number }>('SELECT id FROM conversations WHERE contact_id = ? ORDER BY id')
        .all(sourceId)
        .map((r) => r.id)
      this.db.prepare('UPDATE identities SET contact_id = ? WHERE contact_id = ?').run(targetId, sourceId)
      this.db.prepare('UPDATE conversations SET contact_id = ? WHERE contact_id = ?').run(targetId, sourceId)
      this.db.prepare('UPDATE contacts SET merged_into = ? WHERE id = ?').run(targetId, sourceId)
      const id = Number(
        this.db
          .prepare(
            'INSERT INTO contact_merges(target_id, source_id, identity_ids, conversation_ids, merged_by, merged_at) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(targetId, sourceId, JSON.stringify(identityIds), JSON.stringify(conversationIds), actor.id, at).lastInsertRowid,
      )
      for (const conversationId of conversationIds) {
        this.activity.record({
          conversationId,
          kind: 'contact_merged',
          text: `${actor.name} merged ${source.display_name} into ${target.display_name}`,
          profileId: actor.id,
          actorName: actor.name,
          data: { mergeId: id, targetId, sourceId },
          at,
        })
      }
      return { merge: this.mergeById(id), conversations: conversationIds }
    })
  }

  unmerge(mergeId: number, actor: Actor, at: number): { merge: ContactMerge; conversations: number[] } {
    return this.uow.run(() => {
      const row = this.db.prepare<[number], MergeRow>(`${MERGE_SELECT} WHERE cm.id = ?`).get(mergeId)
      if (!row) throw new ParleyError('not_found', `Merge ${mergeId} does not exist.`)
      if (row.unmerged_at !== null) throw new ParleyError('conflict', `${row.source_name} was already un-merged. Nothing was changed.`)
      const target = this.row(row.target_id)
      if (target.merged_into !== null) {
        throw new ParleyError('conflict', `${target.display_name} was itself merged into another contact since; un-merge that first. Nothing was changed.`)
      }
      const identityIds = ids(row.identity_ids)
      const recorded = ids(row.conversation_ids)
      const idsJson = JSON.stringify(identityIds)
      // Conversations the source's identities started after the merge belong to the source again too.
      const later = this.db
        .prepare<[number, number, string], { id: number }>(
          `SELECT c.id FROM conversations c WHERE c.contact_id = ? AND c.created_at >= ?
             AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.identity_id IN (SELECT value FROM json_each(?)))`,
        )
        .all(row.target_id, row.merged_at, idsJson)
        .map((r) => r.id)
      const moveBack = [...new Set([...recorded, ...later])]
      this.db
        .prepare('UPDATE identities SET contact_id = ? WHERE contact_id = ? AND id IN (SELECT value FROM json_each(?))')
        .run(row.source_id, row.target_id, idsJson)
      const moved = this.db
        .prepare<[number, number, string], { id: number }>(
          'UPDATE conversations SET contact_id = ? WHERE contact_id = ? AND id IN (SELECT value FROM json_each(?)) RETURNING id',
        )
        .all(row.source_id, row.target_id, JSON.stringify(moveBack))
        .map((r) => r.id)
      this.db.prepare('UPDATE contacts SET merged_into = NULL WHERE id = ?').run(row.source_id)
      this.db.prepare('UPDATE contact_merges SET unmerged_at = ?, unmerged_by = ? WHERE id = ?').run(at, actor.id, mergeId)
      for (const conversationId of moved) {
        this.activity.record({
          conversationId,
          kind: 'contact_unmerged',
          text: `${actor.name} un-merged ${row.source_name} from ${row.target_name}`,
          profileId: actor.id,
          actorName: actor.name,
          data: { mergeId, targetId: row.target_id, sourceId: row.source_id },
          at,
        })
      }
      return { merge: this.mergeById(mergeId), conversations: moved }
    })
  }

  private mergeById(id: number): ContactMerge {
    return toMerge(this.db.prepare<[number], MergeRow>(`${MERGE_SELECT} WHERE cm.id = ?`).get(id)!)
  }
}
