import type { Clock } from '../../base/clock'
import type { EventBus } from '../../base/event-bus'
import type { ApprovalStore } from '../../store/approvals'
import type { AuditLog } from '../../store/audit'
import type { ProfileRecord } from '../../store/profiles'
import type { TagStore } from '../../store/tags'
import type { TeamEntityStore } from '../../store/team-entities'
import type { SharedList } from '../../store/team-shared-entities'
import type { PolicyStore } from '../approval/policy-store'
import type { CannedService } from '../canned/service'
import type { ContactsService } from '../contacts/service'
import type { ListeningService } from '../listening/service'
import type { OutboxQueue } from '../outbox/queue'
import type { OutboxService } from '../outbox/service'
import type { OutboxStore } from '../../store/outbox'
import type { ProfilesService } from '../people/service'
import type { SavedViewsService } from '../saved-views/service'

/** A pulled op that names something this laptop does not have: kept in the log with this reason. */
export class NotHere extends Error {}

export type Input = Record<string, unknown>

/** The domain services the team's shared lists are changed through, as a click changes them. */
export interface SharedApplyDeps {
  entities: TeamEntityStore
  events: EventBus
  profiles: ProfilesService
  tags: TagStore
  policy: PolicyStore
  outbox: OutboxService
  outboxStore: OutboxStore
  queue: OutboxQueue
  approvalStore: ApprovalStore
  audit: AuditLog
  clock: Clock
  canned: CannedService
  savedViews: SavedViewsService
  listening: ListeningService
  contacts: ContactsService
  /** The local profile of a member named in an op (made with that role when missing, as the applier does for members). */
  profileNamed(name: string, role: string): ProfileRecord
}

/** Applies one pulled op's input here, as the member who made it (already the acting profile). */
export type SharedHandler = (i: Input) => void

/** The key each operation's team terms carry; an op without it was recorded by an older Parley with its laptop's own ids. */
const TEAM_TERMS_KEY: Record<string, string> = {
  'tags.update': 'tag', 'tags.delete': 'tag', 'tags.merge': 'target', 'policy.set': 'policy',
  'canned.save': 'cannedId', 'canned.delete': 'cannedId', 'savedViews.create': 'viewId', 'savedViews.update': 'viewId',
  'savedViews.delete': 'viewId', 'savedViews.reorder': 'viewIds', 'rules.save': 'ruleId', 'rules.delete': 'ruleId',
  'rules.reorder': 'ruleIds', 'rules.setEnabled': 'ruleId', 'topics.save': 'topicId', 'topics.delete': 'topicId',
  'contacts.setNotes': 'contact', 'contacts.merge': 'mergeId', 'contacts.unmerge': 'mergeId', 'outbox.cancel': 'approvalId', 'outbox.retry': 'approvalId',
}

/**
 * The handlers, each refusing an op in the old form: its ids are another laptop's, and read here they
 * would name the wrong rows (or, for the policy, reset it). Kept with the reason instead.
 */
export function inTeamTermsOnly(handlers: Record<string, SharedHandler>): Record<string, SharedHandler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([operation, handle]) => {
      const key = TEAM_TERMS_KEY[operation]
      const guarded: SharedHandler = (i) => {
        if (key !== undefined && !Object.hasOwn(i, key)) throw new NotHere('Recorded by an earlier Parley with its own laptop\'s ids; it cannot be applied here.')
        handle(i)
      }
      return [operation, guarded]
    }),
  )
}

export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])

/**
 * The local row a pulled op names: by the uuid its maker gave it, else the row of that name (two
 * laptops that each made "Refund" have one canned reply), which then keeps the smaller of the two
 * uuids, so whichever op arrives first both laptops end on the same uuid.
 */
export function resolveNamed(d: SharedApplyDeps, list: Exclude<SharedList, 'contact_merges'>, uuid: string | null, name: string | null): number | null {
  const shared = d.entities.shared
  if (uuid !== null) {
    const byUuid = shared.idOf(list, uuid)
    if (byUuid !== null) return byUuid
  }
  const byName = name === null ? null : shared.idByName(list, name)
  if (!byName) return null
  if (uuid !== null && uuid < byName.uuid) shared.setUuid(list, byName.id, uuid)
  return byName.id
}

/** A row made here for a pulled op takes its maker's uuid, so later ops find it. */
export function adopt(d: SharedApplyDeps, list: SharedList, id: number, uuid: string | null): void {
  if (uuid !== null) d.entities.shared.setUuid(list, id, uuid)
}

/** Channel account keys to this laptop's ids; an account not here stops the op (a rule for it must not become a rule for every account). */
export function accountIds(d: SharedApplyDeps, keys: unknown, what: string): number[] {
  return strings(keys).map((key) => {
    const id = d.entities.accountId(key)
    if (id === null) throw new NotHere(`${what} names a channel account that has not reached this laptop (${key}).`)
    return id
  })
}

/** Local ids of rows named by uuid in a new order, with the rows the op did not name (made here since) after them, in their order. */
export function orderedIds(named: (number | null)[], current: number[]): number[] {
  const first = named.filter((id): id is number => id !== null && current.includes(id))
  const unique = [...new Set(first)]
  return [...unique, ...current.filter((id) => !unique.includes(id))]
}
