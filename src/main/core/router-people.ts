import type { peopleOperationNames } from '../../shared/contract/names-people'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof peopleOperationNames)[number]

/** Handlers of #6 search, contacts, saved views, canned replies, presence (collision). */
export function peopleHandlers(core: Core): { [N in Name]: Handler<N> } {
  const { people, presence } = core
  return {
    'conversations.search': (input) => people.search(input.query, input.cursor, input.limit),
    'savedViews.list': () => people.listViews(),
    'savedViews.create': (input) => people.createView(input.name, input.query),
    'savedViews.update': (input) => people.updateView(input.id, { name: input.name, query: input.query }),
    'savedViews.delete': (input) => people.deleteView(input.id),
    'savedViews.reorder': (input) => people.reorderViews(input.ids),
    'savedViews.counts': () => people.viewCounts(),
    'savedViews.setNotify': (input) => people.setNotify(input.id, input.notify),
    'savedViews.matching': (input) => people.matching(input.conversationIds),
    'contacts.get': (input) => people.contact(input.id),
    'contacts.search': (input) => people.findContacts(input.query, input.limit),
    'contacts.setNotes': (input) => people.setContactNotes(input.id, input.notes),
    'contacts.merge': (input) => people.merge(input.targetId, input.sourceId),
    'contacts.unmerge': (input) => people.unmerge(input.mergeId),
    'canned.list': () => people.cannedList(),
    'canned.save': (input) => people.saveCanned(input),
    'canned.delete': (input) => people.deleteCanned(input.id),
    'canned.render': (input) => people.renderCanned(input.id, input.conversationId),
    'presence.heartbeat': (input) => people.heartbeat(input.conversationId, input.drafting),
    'presence.list': () => presence.list(),
  }
}
