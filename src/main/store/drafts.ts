import type { Draft } from '../../shared/contract'
import type { Db } from './database'

interface DraftRow {
  conversation_id: number
  body: string
  updated_at: number
}

const toDraft = (r: DraftRow): Draft => ({ conversationId: r.conversation_id, body: r.body, updatedAt: r.updated_at })

/** One draft per conversation per profile; an empty body removes it. */
export class DraftStore {
  private readonly select
  private readonly upsert
  private readonly remove

  constructor(db: Db) {
    this.select = db.prepare<[number, number], DraftRow>(
      'SELECT conversation_id, body, updated_at FROM drafts WHERE conversation_id = ? AND profile_id = ?',
    )
    this.upsert = db.prepare(
      `INSERT INTO drafts(conversation_id, profile_id, body, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(conversation_id, profile_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    )
    this.remove = db.prepare('DELETE FROM drafts WHERE conversation_id = ? AND profile_id = ?')
  }

  get(conversationId: number, profileId: number): Draft | null {
    const row = this.select.get(conversationId, profileId)
    return row ? toDraft(row) : null
  }

  save(conversationId: number, profileId: number, body: string, at: number): Draft {
    if (body.trim() === '') this.remove.run(conversationId, profileId)
    else this.upsert.run(conversationId, profileId, body, at)
    return { conversationId, body, updatedAt: at }
  }
}
