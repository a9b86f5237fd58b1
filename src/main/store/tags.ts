import { ParleyError, type Tag } from '../../shared/contract'
import type { Db } from './database'
import type { UnitOfWork } from './unit-of-work'

interface TagRow {
  id: number
  name: string
  color: string
  count: number
}

const DEFAULT_COLOR = '#7c8594'

/** The workspace's tags: names unique regardless of case, each with a colour. */
export class TagStore {
  private readonly all
  private readonly one
  private readonly byName
  private readonly insert
  private readonly rename
  private readonly recolor
  private readonly remove
  private readonly moveLinks

  constructor(
    db: Db,
    private readonly uow: UnitOfWork,
  ) {
    const select = `SELECT t.id, t.name, t.color, (SELECT COUNT(*) FROM conversation_tags ct WHERE ct.tag_id = t.id) AS count FROM tags t`
    this.all = db.prepare<[], TagRow>(`${select} ORDER BY t.name COLLATE NOCASE`)
    this.one = db.prepare<[number], TagRow>(`${select} WHERE t.id = ?`)
    this.byName = db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE name = ?')
    this.insert = db.prepare('INSERT INTO tags(name, color) VALUES (?, ?)')
    this.rename = db.prepare('UPDATE tags SET name = ? WHERE id = ?')
    this.recolor = db.prepare('UPDATE tags SET color = ? WHERE id = ?')
    this.remove = db.prepare('DELETE FROM tags WHERE id = ?')
    this.moveLinks = db.prepare(
      'INSERT OR IGNORE INTO conversation_tags(conversation_id, tag_id) SELECT conversation_id, @target FROM conversation_tags WHERE tag_id = @source',
    )
  }

  list(): Tag[] {
    return this.all.all()
  }

  get(id: number): Tag | null {
    return this.one.get(id) ?? null
  }

  require(id: number): Tag {
    const tag = this.get(id)
    if (!tag) throw new ParleyError('not_found', `Tag ${id} does not exist (it may have been deleted or merged). Nothing was changed.`)
    return tag
  }

  create(name: string, color: string | undefined): Tag {
    return this.uow.run(() => {
      this.assertFree(name, null)
      const id = Number(this.insert.run(name, normalizeColor(color ?? DEFAULT_COLOR)).lastInsertRowid)
      return this.require(id)
    })
  }

  update(id: number, change: { name?: string; color?: string }): Tag {
    return this.uow.run(() => {
      this.require(id)
      if (change.name !== undefined) {
        this.assertFree(change.name, id)
        this.rename.run(change.name, id)
      }
      if (change.color !== undefined) this.recolor.run(normalizeColor(change.color), id)
      return this.require(id)
    })
  }

  /** Conversations with any source tag get the target (once); the sources go. One transaction. */
  merge(sourceIds: number[], targetId: number): Tag {
    return this.uow.run(() => {
      this.require(targetId)
      for (const id of sourceIds) this.require(id)
      for (const source of sourceIds) {
        this.moveLinks.run({ source, target: targetId })
        this.remove.run(source)
      }
      return this.require(targetId)
    })
  }

  delete(id: number): void {
    this.uow.run(() => {
      this.require(id)
      this.remove.run(id)
    })
  }

  private assertFree(name: string, exceptId: number | null): void {
    const clash = this.byName.get(name)
    if (clash && clash.id !== exceptId) {
      throw new ParleyError('conflict', `There is already a tag called "${name}". Use it, or merge the two. Nothing was changed.`)
    }
  }
}

/** Stored as lower-case #rrggbb so the UI compares and mixes colours the same way. */
function normalizeColor(color: string): string {
  const hex = color.slice(1).toLowerCase()
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`
}
