import type { CannedReply } from '../../shared/contract/operations-people'
import { ParleyError } from '../../shared/contract'
import type { Db } from './database'

interface Row {
  id: number
  name: string
  body: string
  updated_at: number
}

const toReply = (r: Row): CannedReply => ({ id: r.id, name: r.name, body: r.body, updatedAt: r.updated_at })

/** Canned replies, shared by the workspace, ordered by name. */
export class CannedStore {
  constructor(private readonly db: Db) {}

  list(): CannedReply[] {
    return this.db.prepare<[], Row>('SELECT id, name, body, updated_at FROM canned_replies ORDER BY name COLLATE NOCASE').all().map(toReply)
  }

  get(id: number): CannedReply {
    const row = this.db.prepare<[number], Row>('SELECT id, name, body, updated_at FROM canned_replies WHERE id = ?').get(id)
    if (!row) throw new ParleyError('not_found', `Canned reply ${id} does not exist (it may have been deleted).`)
    return toReply(row)
  }

  save(input: { id?: number; name: string; body: string }, at: number, max: number): CannedReply {
    const clash = this.db
      .prepare<[string, number], { id: number }>('SELECT id FROM canned_replies WHERE name = ? COLLATE NOCASE AND id != ?')
      .get(input.name, input.id ?? 0)
    if (clash) throw new ParleyError('conflict', `A canned reply named "${input.name}" exists already. Pick another name.`)
    if (input.id !== undefined) {
      this.get(input.id)
      this.db.prepare('UPDATE canned_replies SET name = ?, body = ?, updated_at = ? WHERE id = ?').run(input.name, input.body, at, input.id)
      return this.get(input.id)
    }
    const n = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM canned_replies').get()!.n
    if (n >= max) throw new ParleyError('conflict', `There are already ${max} canned replies; delete one first.`)
    const id = Number(
      this.db.prepare('INSERT INTO canned_replies(name, body, created_at, updated_at) VALUES (?, ?, ?, ?)').run(input.name, input.body, at, at)
        .lastInsertRowid,
    )
    return this.get(id)
  }

  delete(id: number): void {
    this.get(id)
    this.db.prepare('DELETE FROM canned_replies WHERE id = ?').run(id)
  }
}
