import type { ChangeRow, TeamEntityStore } from '../../store/team-entities'
import type { SharedList, TagRef } from '../../store/team-shared-entities'

type Input = Record<string, unknown>

const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [])
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null)

/** The team list each operation's rows live in, for the ops that name one row by `id`. */
const LIST_OF: Record<string, SharedList> = {
  'canned.save': 'canned_replies',
  'canned.delete': 'canned_replies',
  'savedViews.create': 'saved_views',
  'savedViews.update': 'saved_views',
  'savedViews.delete': 'saved_views',
  'rules.save': 'rules',
  'rules.delete': 'rules',
  'rules.setEnabled': 'rules',
  'topics.save': 'topics',
  'topics.delete': 'topics',
}

/** What the rows an op is about to change or delete are called before the call, for operations whose rows are gone or renamed after it. */
export interface BeforeImage {
  tags?: TagRef[]
  target?: TagRef | null
  uuid?: string | null
}

/**
 * Read by the router before the handler runs, for the calls that rename or delete what they name:
 * afterwards a deleted row has no uuid to read and a renamed tag no longer carries the name another
 * laptop may know it by.
 */
export function beforeImage(operation: string, raw: unknown, store: TeamEntityStore): BeforeImage | undefined {
  const input = (raw ?? {}) as Input
  const shared = store.shared
  switch (operation) {
    case 'tags.update':
    case 'tags.delete':
      return { tags: shared.tagRefs(numbers([input.id])) }
    case 'tags.merge':
      return { tags: shared.tagRefs(numbers(input.sourceIds)), target: shared.tagRefs(numbers([input.targetId]))[0] ?? null }
    case 'canned.delete':
    case 'savedViews.delete':
    case 'rules.delete':
    case 'topics.delete': {
      const id = num(input.id)
      return { uuid: id === null ? null : shared.uuidOf(LIST_OF[operation]!, id) }
    }
    default:
      return undefined
  }
}

/** A saved row's uuid: by its id when it was edited, else the row of that name the call has just made. */
function savedUuid(store: TeamEntityStore, list: Exclude<SharedList, 'contact_merges'>, input: Input): string | null {
  const id = num(input.id)
  if (id !== null) return store.shared.uuidOf(list, id)
  return typeof input.name === 'string' ? (store.shared.idByName(list, input.name)?.uuid ?? null) : null
}

/** Profile ids become names and channel account ids become account keys: another laptop has other ids for both. */
const profileNames = (store: TeamEntityStore, ids: unknown): string[] => numbers(ids).map((id) => store.profileName(id)).filter((n): n is string => n !== null)
const accountKeys = (store: TeamEntityStore, ids: unknown): string[] => numbers(ids).map((id) => store.accountKeyOf(id)).filter((k): k is string => k !== null)

function teamPolicy(store: TeamEntityStore, policy: Input): Input {
  const rules = Array.isArray(policy.rules) ? (policy.rules as Input[]) : []
  return {
    ...policy,
    rules: rules.map((r) => {
      const when = { ...((r.when ?? {}) as Input) }
      if (when.profileIds !== undefined) {
        when.profiles = profileNames(store, when.profileIds)
        delete when.profileIds
      }
      if (when.channelAccountIds !== undefined) {
        when.channelAccounts = accountKeys(store, when.channelAccountIds)
        delete when.channelAccountIds
      }
      const step = r.secondStep as Input | null | undefined
      const secondStep = step ? { ...step, group: profileNames(store, step.group) } : null
      return { ...r, when, secondStep }
    }),
  }
}

function teamRule(store: TeamEntityStore, input: Input): Input {
  const conditions = { ...((input.conditions ?? {}) as Input) }
  if (conditions.accountIds !== undefined) {
    conditions.accounts = accountKeys(store, conditions.accountIds)
    delete conditions.accountIds
  }
  const actions = (Array.isArray(input.actions) ? (input.actions as Input[]) : []).map((a) =>
    a.type === 'assign' ? { type: 'assign', profile: store.profileName(num(a.profileId) ?? -1) } : a,
  )
  return { ruleId: savedUuid(store, 'rules', input), name: input.name, conditions, actions }
}

/**
 * Team terms for the team's shared lists (tags, canned replies, saved views, rules, topics, contacts,
 * the approval policy, the outbox): undefined for any other operation.
 */
export function translateShared(operation: string, input: Input, changes: readonly ChangeRow[], store: TeamEntityStore, before: BeforeImage | undefined): { operation?: string; input: Input } | null | undefined {
  const shared = store.shared
  switch (operation) {
    case 'tags.create': {
      const tagId = changes.find((c) => c.entity === 'tag' && c.op === 'insert')?.uuid
      return { input: { name: input.name, color: input.color ?? null, tagId: tagId ?? null } }
    }
    case 'tags.update': {
      const tag = before?.tags?.[0]
      return tag ? { input: { tag, name: input.name ?? null, color: input.color ?? null } } : null
    }
    case 'tags.merge':
      return before?.target ? { input: { sources: before.tags ?? [], target: before.target } } : null
    case 'tags.delete': {
      const tag = before?.tags?.[0]
      return tag ? { input: { tag } } : null
    }
    case 'policy.set':
      return { input: { policy: teamPolicy(store, input) } }
    case 'outbox.cancel':
    case 'outbox.retry': {
      // A team's reply is named by its approval (every laptop queues its own outbox row for it); an exempt reply has no team row.
      const approvalId = typeof input.id === 'string' ? store.approvalOfOutboxItem(input.id) : null
      return { input: { approvalId, reopenApproval: input.reopenApproval === true } }
    }
    case 'canned.save':
      return { input: { cannedId: savedUuid(store, 'canned_replies', input), name: input.name, body: input.body } }
    case 'savedViews.create':
    case 'savedViews.update':
      return { input: { viewId: savedUuid(store, 'saved_views', input), name: input.name ?? null, query: input.query ?? null } }
    case 'savedViews.reorder':
      return { input: { viewIds: numbers(input.ids).map((id) => shared.uuidOf('saved_views', id)).filter((u): u is string => u !== null) } }
    case 'rules.save':
      return { input: teamRule(store, input) }
    case 'rules.reorder':
      return { input: { ruleIds: numbers(input.ids).map((id) => shared.uuidOf('rules', id)).filter((u): u is string => u !== null) } }
    case 'rules.setEnabled': {
      const id = num(input.id)
      return { input: { ruleId: id === null ? null : shared.uuidOf('rules', id), enabled: input.enabled === true } }
    }
    case 'topics.save':
      return { input: { topicId: savedUuid(store, 'topics', input), name: input.name, query: input.query, enabled: input.enabled !== false, alert: input.alert !== false } }
    case 'canned.delete':
      return { input: { cannedId: before?.uuid ?? null } }
    case 'savedViews.delete':
      return { input: { viewId: before?.uuid ?? null } }
    case 'rules.delete':
      return { input: { ruleId: before?.uuid ?? null } }
    case 'topics.delete':
      return { input: { topicId: before?.uuid ?? null } }
    case 'contacts.setNotes': {
      const id = num(input.id)
      return { input: { contact: id === null ? [] : shared.contactIdentities(id), notes: input.notes } }
    }
    case 'contacts.merge': {
      const targetId = num(input.targetId)
      const sourceId = num(input.sourceId)
      const merge = targetId !== null && sourceId !== null ? shared.openMerge(targetId, sourceId) : null
      if (!merge || targetId === null) return null
      // The source's identities have moved to the target by now: the merge row says which they were.
      const source = shared.identitiesById(merge.identityIds)
      const moved = new Set(source.map((k) => `${k.account}\u0000${k.remoteId}`))
      const target = shared.contactIdentities(targetId).filter((k) => !moved.has(`${k.account}\u0000${k.remoteId}`))
      return { input: { mergeId: merge.uuid, target, source } }
    }
    case 'contacts.unmerge': {
      const id = num(input.mergeId)
      return { input: { mergeId: id === null ? null : shared.uuidOf('contact_merges', id) } }
    }
    default:
      return undefined
  }
}
