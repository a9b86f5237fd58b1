import type { peopleOperationNames } from '../../shared/contract/names-people'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof peopleOperationNames)[number]

/** Handlers of search, contacts, saved views, canned replies, presence (collision). */
export function peopleHandlers(core: Core): { [N in Name]: Handler<N> } {
  const { search, savedViews, contacts, canned, heartbeat, presence } = core
  return {
    'conversations.search': (input) => search.search(input.query, input.cursor, input.limit),
    'savedViews.list': () => savedViews.list(),
    'savedViews.create': (input) => savedViews.create(input.name, input.query),
    'savedViews.update': (input) => savedViews.update(input.id, { name: input.name, query: input.query }),
    'savedViews.delete': (input) => savedViews.delete(input.id),
    'savedViews.reorder': (input) => savedViews.reorder(input.ids),
    'savedViews.counts': () => savedViews.counts(),
    'savedViews.setNotify': (input) => savedViews.setNotify(input.id, input.notify),
    'savedViews.matching': (input) => savedViews.matching(input.conversationIds),
    'contacts.get': (input) => contacts.get(input.id),
    'contacts.search': (input) => contacts.find(input.query, input.limit),
    'contacts.setNotes': (input) => contacts.setNotes(input.id, input.notes),
    'contacts.merge': (input) => contacts.merge(input.targetId, input.sourceId),
    'contacts.unmerge': (input) => contacts.unmerge(input.mergeId),
    'canned.list': () => canned.list(),
    'canned.save': (input) => canned.save(input),
    'canned.delete': (input) => canned.delete(input.id),
    'canned.render': (input) => canned.render(input.id, input.conversationId),
    'presence.heartbeat': (input) => heartbeat.beat(input.conversationId, input.drafting),
    'presence.list': () => presence.list(),
  }
}
