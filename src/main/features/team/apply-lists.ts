import { adopt, orderedIds, resolveNamed, str, strings, type SharedApplyDeps, type SharedHandler } from './apply-shared'

/**
 * Canned replies, saved views and listening topics, named by the uuid of the laptop that made them
 * (migration 15), so an edit made on one laptop still finds the row another laptop renamed meanwhile.
 * A save is the whole row: the last one in the team's order wins on every laptop (this laptop's own
 * saves are applied again in that order). A delete of a row not here is done already.
 */
export function listHandlers(d: SharedApplyDeps): Record<string, SharedHandler> {
  const shared = d.entities.shared
  return {
    'canned.save': (i) => {
      const uuid = str(i.cannedId)
      const name = String(i.name ?? '')
      const id = resolveNamed(d, 'canned_replies', uuid, name)
      const saved = d.canned.save({ ...(id !== null ? { id } : {}), name, body: String(i.body ?? '') })
      if (id === null) adopt(d, 'canned_replies', saved.id, uuid)
    },
    'canned.delete': (i) => {
      const id = resolveNamed(d, 'canned_replies', str(i.cannedId), null)
      if (id !== null) d.canned.delete(id)
    },
    'savedViews.create': (i) => saveView(d, i),
    'savedViews.update': (i) => saveView(d, i),
    'savedViews.delete': (i) => {
      const id = resolveNamed(d, 'saved_views', str(i.viewId), null)
      if (id !== null) d.savedViews.delete(id)
    },
    'savedViews.reorder': (i) => {
      const current = d.savedViews.list().map((v) => v.id)
      const ids = orderedIds(strings(i.viewIds).map((u) => shared.idOf('saved_views', u)), current)
      d.savedViews.reorder(ids)
    },
    'topics.save': (i) => {
      const uuid = str(i.topicId)
      const name = String(i.name ?? '')
      const id = resolveNamed(d, 'topics', uuid, name)
      const saved = d.listening.saveTopic({ ...(id !== null ? { id } : {}), name, query: String(i.query ?? ''), enabled: i.enabled !== false, alert: i.alert !== false })
      if (id === null) adopt(d, 'topics', saved.id, uuid)
    },
    'topics.delete': (i) => {
      const id = resolveNamed(d, 'topics', str(i.topicId), null)
      if (id !== null) d.listening.deleteTopic(id)
    },
  }
}

function saveView(d: SharedApplyDeps, i: Record<string, unknown>): void {
  const uuid = str(i.viewId)
  const name = str(i.name)
  const query = str(i.query)
  // Saved views may share a name: only a new view (name and query both given) is matched by name.
  const id = resolveNamed(d, 'saved_views', uuid, name !== null && query !== null ? name : null)
  if (id !== null) {
    d.savedViews.update(id, { ...(name !== null ? { name } : {}), ...(query !== null ? { query } : {}) })
    return
  }
  if (name === null || query === null) return
  adopt(d, 'saved_views', d.savedViews.create(name, query).id, uuid)
}
