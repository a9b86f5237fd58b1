import type { triageOperationNames } from '../../shared/contract/names-triage'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof triageOperationNames)[number]

/** Handlers of triage: status, snooze, assignment, tags, notes, activity, bulk, read state. */
export function triageHandlers(core: Core): { [N in Name]: Handler<N> } {
  const { triage, tags, events } = core
  // Renames, merges and deletions change the chips every list shows.
  const tagsChanged = (): void => events.emit('conversations.changed', { ids: [], reason: 'update' })
  return {
    'conversations.setStatus': (input) => triage.setStatus(input.ids, input.status, input.snoozedUntil),
    'conversations.assign': (input) => triage.assign(input.ids, input.profileId),
    'conversations.addTags': (input) => triage.addTags(input.ids, input.tagIds),
    'conversations.removeTags': (input) => triage.removeTags(input.ids, input.tagIds),
    'conversations.markReadMany': (input) => triage.markRead(input.ids, input.read),
    'tags.list': () => tags.list(),
    'tags.create': (input) => tags.create(input.name, input.color),
    'tags.update': (input) => {
      const tag = tags.update(input.id, input)
      tagsChanged()
      return tag
    },
    'tags.merge': (input) => {
      const tag = tags.merge(input.sourceIds, input.targetId)
      tagsChanged()
      return tag
    },
    'tags.delete': (input) => {
      tags.delete(input.id)
      tagsChanged()
      return { id: input.id }
    },
    'notes.add': (input) => triage.addNote(input.conversationId, input.body),
  }
}
