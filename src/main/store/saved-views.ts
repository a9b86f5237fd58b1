import type { SavedView } from '../../shared/contract/operations-people'
import { ParleyError } from '../../shared/contract'
import type { Db } from './database'
import type { UnitOfWork } from './unit-of-work'
import type { SettingsStore } from './settings'

interface Row {
  id: number
  name: string
  query: string
  position: number
}

/** Settings key of the saved views with "Notify me" on (a list of ids). */
export const NOTIFY_SETTING = 'savedViews.notify'

/** Saved views: a name and a query in the inbox language, in the order the sidebar shows them. */
export class SavedViewStore {
  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly settings: SettingsStore,
  ) {}

  private notifyIds(): Set<number> {
    return new Set(this.settings.get<number[]>(NOTIFY_SETTING, []))
  }

  private toView(r: Row, notify = this.notifyIds()): SavedView {
    return { id: r.id, name: r.name, query: r.query, position: r.position, notify: notify.has(r.id) }
  }

  list(): SavedView[] {
    const notify = this.notifyIds()
    return this.db.prepare<[], Row>('SELECT id, name, query, position FROM saved_views ORDER BY position, id').all().map((r) => this.toView(r, notify))
  }

  get(id: number): SavedView {
    const row = this.db.prepare<[number], Row>('SELECT id, name, query, position FROM saved_views WHERE id = ?').get(id)
    if (!row) throw new ParleyError('not_found', `Saved view ${id} does not exist (it may have been deleted).`)
    return this.toView(row)
  }

  /** The caller checks the query parses first. */
  create(name: string, query: string, profileId: number, at: number, max: number): SavedView {
    return this.uow.run(() => {
      const { n, top } = this.db.prepare<[], { n: number; top: number | null }>('SELECT count(*) AS n, max(position) AS top FROM saved_views').get()!
      if (n >= max) throw new ParleyError('conflict', `You already have ${max} saved views; delete one first.`)
      const id = Number(
        this.db
          .prepare('INSERT INTO saved_views(name, query, position, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(name, query.trim(), (top ?? -1) + 1, profileId, at, at).lastInsertRowid,
      )
      return this.get(id)
    })
  }

  update(id: number, change: { name?: string; query?: string }, at: number): SavedView {
    const current = this.get(id)
    this.db
      .prepare('UPDATE saved_views SET name = ?, query = ?, updated_at = ? WHERE id = ?')
      .run(change.name ?? current.name, change.query?.trim() ?? current.query, at, id)
    return this.get(id)
  }

  delete(id: number): void {
    this.get(id)
    this.db.prepare('DELETE FROM saved_views WHERE id = ?').run(id)
    const notify = this.notifyIds()
    if (notify.delete(id)) this.settings.set(NOTIFY_SETTING, [...notify])
  }

  /** ids is the full new order; anything else is refused so two windows cannot interleave orders. */
  reorder(ids: readonly number[]): SavedView[] {
    const current = this.list().map((v) => v.id)
    const same = ids.length === current.length && new Set(ids).size === ids.length && ids.every((id) => current.includes(id))
    if (!same) throw new ParleyError('conflict', 'The saved views changed meanwhile; reload them and try again. Nothing was changed.')
    const set = this.db.prepare('UPDATE saved_views SET position = ? WHERE id = ?')
    this.uow.run(() => ids.forEach((id, i) => set.run(i, id)))
    return this.list()
  }

  setNotify(id: number, on: boolean): SavedView {
    this.get(id)
    const notify = this.notifyIds()
    if (on) notify.add(id)
    else notify.delete(id)
    this.settings.set(NOTIFY_SETTING, [...notify].sort((a, b) => a - b))
    return this.get(id)
  }
}
