import type { ChangeRow, ConversationRef, TeamEntityStore } from '../../store/team-entities'
import { translateShared, type BeforeImage } from './team-terms-shared'

/** An operation as the team store reads it: entities named by uuid (and natural key), never by local ids. */
export interface TeamTerms {
  operation: string
  input: unknown
  entities: string[]
}

type Input = Record<string, unknown>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [])

/** The uuids of rows of one entity the transaction inserted. */
const inserted = (changes: readonly ChangeRow[], entity: string): string[] => changes.filter((c) => c.entity === entity && c.op === 'insert').map((c) => c.uuid)

function conversations(store: TeamEntityStore, ids: number[]): { conversationIds: string[]; conversations: ConversationRef[] } {
  const refs = store.conversationRefs(ids)
  return { conversationIds: refs.map((r) => r.id), conversations: refs }
}

function one(store: TeamEntityStore, id: unknown): { conversationId: string; conversation: ConversationRef } | null {
  const ref = typeof id === 'number' ? store.conversationRefs([id])[0] : undefined
  return ref ? { conversationId: ref.id, conversation: ref } : null
}

/**
 * Puts a router call that has just changed this workspace into team terms, inside the same
 * transaction: local ids become uuids and natural keys, and what the call created (an approval, a
 * note) is named by the uuid the change log gave it. Operations with no team rule keep their input
 * and list the uuids they touched.
 */
export function toTeamTerms(operation: string, raw: unknown, changes: readonly ChangeRow[], store: TeamEntityStore, before?: BeforeImage): TeamTerms {
  const input = (raw ?? {}) as Input
  const touched = [...new Set(changes.map((c) => c.uuid).filter((u) => UUID.test(u)))]
  const shared = translateShared(operation, input, changes, store, before)
  const terms = shared === undefined ? translate(operation, input, changes, store) : shared
  if (!terms) return { operation, input: raw ?? null, entities: touched.slice(0, 1_000) }
  const named = Object.values(terms.input as Input).flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is string => typeof v === 'string' && UUID.test(v))
  return { operation: terms.operation ?? operation, input: terms.input, entities: [...new Set([...named, ...touched])].slice(0, 1_000) }
}

function translate(operation: string, input: Input, changes: readonly ChangeRow[], store: TeamEntityStore): { operation?: string; input: Input } | null {
  switch (operation) {
    case 'drafts.save': {
      const c = one(store, input.conversationId)
      return c && { input: { ...c, text: input.body } }
    }
    case 'approvals.submit': {
      const c = one(store, input.conversationId)
      if (!c) return null
      const approvalId = inserted(changes, 'approval')[0]
      const a = approvalId ? store.approval(approvalId) : null
      // Exempt from approval: straight to the outbox. Relayed as such; the team rule is for requests.
      if (!a) return { operation: 'outbox.exempt', input: { ...c, outboxItemIds: inserted(changes, 'outbox_item') } }
      const accountKey = c.conversation.account
      return { input: { approvalId: a.id, ...c, channelAccount: accountKey, text: a.body, textHash: a.bodyHash, inReplyTo: a.inReplyTo, reason: a.reason } }
    }
    case 'approvals.approve':
      return { input: { approvalId: input.approvalId, textHash: input.bodyHash } }
    case 'approvals.editAndApprove': {
      const a = store.approval(String(input.approvalId))
      return { input: { approvalId: input.approvalId, textHash: input.bodyHash, text: a?.body ?? input.body, newTextHash: a?.bodyHash } }
    }
    case 'approvals.reject':
    case 'approvals.requestChanges': {
      const a = store.approval(String(input.approvalId))
      return a && { input: { approvalId: a.id, textHash: a.bodyHash, reason: input.note } }
    }
    case 'conversations.setStatus':
      return { input: { ...conversations(store, numbers(input.ids)), status: input.status, snoozeUntil: input.snoozedUntil ?? null } }
    case 'conversations.assign': {
      const assignee = typeof input.profileId === 'number' ? store.profileName(input.profileId) : null
      return { input: { ...conversations(store, numbers(input.ids)), assignee } }
    }
    case 'conversations.addTags':
    case 'conversations.removeTags':
      // Names for the service's add-wins set; uuids too, so a laptop where the tag was renamed meanwhile still finds it.
      return { input: { ...conversations(store, numbers(input.ids)), tags: store.tagNames(numbers(input.tagIds)), tagRefs: store.shared.tagRefs(numbers(input.tagIds)) } }
    case 'notes.add': {
      const c = one(store, input.conversationId)
      const noteId = inserted(changes, 'note')[0]
      // When it was written here: every laptop stamps the note with this time, so it falls in one place in the stream.
      return c && noteId ? { input: { noteId, ...c, body: input.body, at: store.messageCreatedAt(noteId) } } : null
    }
    default:
      return null
  }
}
