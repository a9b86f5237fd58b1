import type { OperationOutput, Profile } from '../../../shared/contract'
import { ParleyError } from '../../../shared/contract'
import { peopleLimits, type SavedView } from '../../../shared/contract/operations-people'
import type { Clock } from '../../base/clock'
import type { EventBus } from '../../base/event-bus'
import { parseQuery } from '../../model/search'
import type { ConversationSearch } from '../../store/conversation-search'
import type { SavedViewStore } from '../../store/saved-views'

export interface SavedViewsDeps {
  savedViews: SavedViewStore
  search: ConversationSearch
  events: EventBus
  clock: Clock
  profile: () => Profile
}

/** Saved views: named queries in the sidebar, counted and matched by the same search the search field runs. */
export class SavedViewsService {
  constructor(private readonly d: SavedViewsDeps) {}

  private checkQuery(query: string): void {
    // The same words and position the search field shows, as a plain bad_input.
    parseQuery(query)
  }

  private changed(): void {
    this.d.events.emit('savedViews.changed', {})
  }

  list(): SavedView[] {
    return this.d.savedViews.list()
  }

  create(name: string, query: string): SavedView {
    this.checkQuery(query)
    const view = this.d.savedViews.create(name, query, this.d.profile().id, this.d.clock.now(), peopleLimits.savedViews)
    this.changed()
    return view
  }

  update(id: number, change: { name?: string; query?: string }): SavedView {
    if (change.query !== undefined) this.checkQuery(change.query)
    const view = this.d.savedViews.update(id, change, this.d.clock.now())
    this.changed()
    return view
  }

  delete(id: number): { id: number } {
    this.d.savedViews.delete(id)
    this.changed()
    return { id }
  }

  reorder(ids: number[]): SavedView[] {
    const views = this.d.savedViews.reorder(ids)
    this.changed()
    return views
  }

  setNotify(id: number, notify: boolean): SavedView {
    const view = this.d.savedViews.setNotify(id, notify)
    this.changed()
    return view
  }

  /** One capped count per view. A view whose query no longer parses counts 0 rather than failing the sidebar. */
  counts(): OperationOutput<'savedViews.counts'> {
    const cap = peopleLimits.countCap
    const profileId = this.d.profile().id
    return this.d.savedViews.list().map((v) => {
      let n = 0
      try {
        n = this.d.search.count(v.query, cap + 1, profileId)
      } catch (error) {
        if (!(error instanceof ParleyError)) throw error
      }
      return { id: v.id, count: Math.min(n, cap), capped: n > cap }
    })
  }

  matching(conversationIds: number[]): OperationOutput<'savedViews.matching'> {
    const profileId = this.d.profile().id
    return this.d.savedViews
      .list()
      .filter((v) => v.notify)
      .flatMap((v) => {
        try {
          const ids = this.d.search.matching(v.query, conversationIds, profileId)
          return ids.length ? [{ viewId: v.id, name: v.name, conversationIds: ids }] : []
        } catch (error) {
          if (error instanceof ParleyError) return []
          throw error
        }
      })
  }
}
