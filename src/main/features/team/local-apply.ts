import type { Clock } from '../../base/clock'
import { crashPoint } from '../../base/crash-point'
import type { EventBus } from '../../base/event-bus'
import type { NormalizedItem } from '../../model/items'
import type { AccountStore } from '../../store/accounts'
import type { ApprovalStore } from '../../store/approvals'
import type { AuditLog } from '../../store/audit'
import type { IngestWriter } from '../../store/ingest'
import type { OutboxStore } from '../../store/outbox'
import type { PeopleStore, ProfileRecord } from '../../store/profiles'
import type { TagStore } from '../../store/tags'
import type { ConversationRef, SharedItem, TeamEntityStore } from '../../store/team-entities'
import type { PulledLogOp, TeamMembership, TeamOpLogStore } from '../../store/team-op-log'
import type { UnitOfWork } from '../../store/unit-of-work'
import type { ApprovalsService } from '../approval/service'
import type { InboxService } from '../inbox/service'
import type { OutboxQueue } from '../outbox/queue'
import type { ProfilesService } from '../people/service'
import type { TriageService } from '../triage/service'
import { parseHlc } from './hlc'
import { ApprovalApply } from './apply-approvals'
import { contactHandlers } from './apply-contacts'
import { listHandlers } from './apply-lists'
import { policyOutboxHandlers, undoLostCancel } from './apply-policy-outbox'
import { ruleHandlers } from './apply-rules'
import { inTeamTermsOnly, NotHere, type Input, type SharedApplyDeps, type SharedHandler } from './apply-shared'
import { tagHandlers } from './apply-tags'
import { opContext } from './op-context'

export interface LocalApplyDeps {
  uow: UnitOfWork
  log: TeamOpLogStore
  entities: TeamEntityStore
  profiles: ProfilesService
  people: PeopleStore
  approvals: ApprovalsService
  approvalStore: ApprovalStore
  outboxStore: OutboxStore
  queue: OutboxQueue
  audit: AuditLog
  triage: TriageService
  tags: TagStore
  inbox: InboxService
  ingest: IngestWriter
  accounts: AccountStore
  events: EventBus
  clock: Clock
  /** The team's shared lists are changed through these, as a click changes them. */
  shared: Pick<SharedApplyDeps, 'policy' | 'outbox' | 'canned' | 'savedViews' | 'listening' | 'contacts'>
}

type Op = PulledLogOp & { origin: 'local' | 'remote' }

/** Ops per catch-up slice (one transaction), and the time after which a slice commits and yields. */
const SLICE_OPS = 300
const SLICE_MS = 40

const yieldToCalls = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve))

/** The channel account of an inbound item op, or null for any other op. */
function ingestAccount(op: Op): string | null {
  if (op.operation !== 'items.ingest') return null
  const account = (op.input as Partial<SharedItem> | null)?.conversation?.account
  return typeof account === 'string' ? account : null
}

/**
 * When a note was written: the time its author's laptop stamped it with (carried by the op), else the
 * op's team clock. Every laptop files it there, not at the moment the op arrives, so a note and the
 * sent reply (dated by the platform) fall in the same order in the stream everywhere.
 */
function noteTime(i: Input, op: Op): number | undefined {
  if (typeof i.at === 'number' && Number.isFinite(i.at)) return i.at
  return parseHlc(op.hlc)?.wall
}

/**
 * The shared item of an items.ingest op, carrying the team's id of its message: the first laptop to
 * share a message names it for the team. A copy shared later by another laptop (superseded) is the
 * same message and does not rename it.
 */
function sharedItemOf(op: Op): SharedItem {
  const shared = op.input as SharedItem
  if (op.outcome === 'superseded' || !shared?.item || typeof shared.itemId !== 'string') return shared
  return { ...shared, item: { ...shared.item, teamUuid: shared.itemId } }
}

/**
 * Ops whose result is a register or a set: applied in the team's order on every laptop, this one's
 * own included, so all end equal (two renames of one tag, or two edits of one canned reply, end as
 * the later one in the team's order everywhere). The outbox's cancel and retry are not: the team's
 * row settled them when they were pushed.
 */
const REPLAYED_OWN = new Set([
  'conversations.setStatus', 'conversations.assign', 'conversations.addTags', 'conversations.removeTags',
  'tags.update', 'tags.merge', 'tags.delete', 'policy.set', 'canned.save', 'canned.delete',
  'savedViews.create', 'savedViews.update', 'savedViews.delete', 'savedViews.reorder',
  'rules.save', 'rules.delete', 'rules.reorder', 'rules.setEnabled', 'topics.save', 'topics.delete', 'contacts.setNotes',
])

const DECISIONS = new Set(['approvals.approve', 'approvals.editAndApprove', 'approvals.reject', 'approvals.requestChanges'])

/**
 * Applies the team's ops to this workspace through the same domain code a person's click runs
 * (approvals, triage, drafts, notes, ingest), acting as the member who made each one. Each op is
 * applied in one transaction that also marks it applied, so a crash neither skips nor repeats one,
 * and under a remote op context, so nothing is recorded again as this laptop's own.
 */
export class TeamLocalApply {
  /** The local profile each member acts as, for the slice being applied. */
  private readonly actors = new Map<string, ProfileRecord>()
  /** Tags, policy, outbox, canned replies, saved views, rules, topics, contacts: one small handler per operation. */
  private readonly sharedHandlers: Record<string, SharedHandler>
  private readonly approvalApply: ApprovalApply
  private readonly shared: SharedApplyDeps

  constructor(private readonly deps: LocalApplyDeps) {
    const shared: SharedApplyDeps = {
      ...deps.shared,
      entities: deps.entities,
      events: deps.events,
      profiles: deps.profiles,
      tags: deps.tags,
      outboxStore: deps.outboxStore,
      queue: deps.queue,
      approvalStore: deps.approvalStore,
      audit: deps.audit,
      clock: deps.clock,
      profileNamed: (name, role) => this.profileNamed(name, role),
    }
    this.shared = shared
    this.approvalApply = new ApprovalApply(deps, (i) => this.conversation(i), (id) => this.accountOf(id))
    this.sharedHandlers = inTeamTermsOnly({ ...tagHandlers(shared), ...policyOutboxHandlers(shared), ...listHandlers(shared), ...ruleHandlers(shared), ...contactHandlers(shared) })
  }

  /**
   * Applies every pulled op not yet applied, in the team's order; returns how many. A catch-up of
   * thousands of ops is applied in slices (a few hundred ops or SLICE_MS, one transaction each),
   * yielding between them so the window's list and counts calls answer meanwhile; consecutive
   * inbound items of one account from one member go in one ingest call.
   */
  async applyPending(membership: TeamMembership): Promise<number> {
    let applied = 0
    for (;;) {
      const ops = this.deps.log.toApply(SLICE_OPS)
      if (ops.length === 0) return applied
      applied += this.applySlice(ops, membership)
      // A slice committed with its ops marked applied; the rest wait.
      crashPoint('team.applied')
      await yieldToCalls()
    }
  }

  /** One transaction for as many of `ops` as fit in SLICE_MS; returns how many were applied. */
  private applySlice(ops: Op[], membership: TeamMembership): number {
    const started = performance.now()
    let next = 0
    this.actors.clear()
    // The slice's own transaction is a remote one too, so the recorder shares nothing of it again.
    opContext.run({ operation: 'team.apply', input: null, recorded: true, remote: true }, () =>
      this.deps.uow.run(() => {
        while (next < ops.length && (next === 0 || performance.now() - started < SLICE_MS)) {
          const group = this.ingestGroup(ops, next)
          if (group.length > 1 && this.applyIngestGroup(group, membership)) next += group.length
          else this.applyOne(ops[next++]!, membership)
        }
      }),
    )
    return next
  }

  /** The inbound items from `start` on that share one account and one member (at least the op itself). */
  private ingestGroup(ops: Op[], start: number): Op[] {
    const first = ops[start]!
    const account = ingestAccount(first)
    if (account === null || !this.applies(first)) return [first]
    let end = start + 1
    while (end < ops.length && ops[end]!.memberId === first.memberId && ingestAccount(ops[end]!) === account && this.applies(ops[end]!)) end++
    return ops.slice(start, end)
  }

  /**
   * Inbound items of one account in one ingest call (one sanitising pass, one dedupe map, one counts
   * update) under a savepoint; false when it failed, so the caller applies them one by one and a bad
   * item keeps its own reason.
   */
  private applyIngestGroup(group: Op[], membership: TeamMembership): boolean {
    const now = this.deps.clock.now()
    try {
      opContext.run({ operation: 'items.ingest', input: null, recorded: true, remote: true }, () => {
        this.deps.profiles.actAs(this.actor(group[0]!, membership), () =>
          this.deps.uow.run(() => {
            this.deps.uow.restamp()
            this.ingest(group.map(sharedItemOf))
            for (const op of group) this.deps.log.markApplied(op.id, now, null)
          }),
        )
      })
      return true
    } catch {
      return false
    }
  }

  private applyOne(op: Op, membership: TeamMembership): void {
    const now = this.deps.clock.now()
    opContext.run({ operation: op.operation, input: op.input, recorded: true, remote: true }, () => {
      try {
        const actor = this.actor(op, membership)
        this.deps.profiles.actAs(actor, () =>
          this.deps.uow.run(() => {
            // Inside a slice: stamped as its own transaction would be (this member, a fresh clock).
            this.deps.uow.restamp()
            if (this.applies(op)) this.dispatch(op, actor)
            else if (op.origin === 'local' && op.outcome === 'lost' && op.operation === 'outbox.cancel') undoLostCancel(this.shared, (op.input ?? {}) as Input, op.message)
            this.deps.log.markApplied(op.id, now, null)
          }),
        )
      } catch (error) {
        // The op's savepoint is rolled back; it stays in the log with the reason, the next ones still apply.
        this.deps.log.markApplied(op.id, now, error instanceof Error ? error.message : String(error))
      }
    })
  }

  /** Which pulled ops change this workspace: the team's applied ops; of this laptop's own, only the replayed registers and sets. */
  private applies(op: Op): boolean {
    if (op.outcome === 'rejected' || op.outcome === 'lost') return false
    // Two laptops that shared one message: the copy is the same item, stored once by its remote id.
    if (op.outcome === 'superseded' && op.operation !== 'items.ingest') return false
    if (op.origin === 'local') return op.outcome === 'applied' && REPLAYED_OWN.has(op.operation)
    return true
  }

  private dispatch(op: Op, actor: ProfileRecord): void {
    const i = (op.input ?? {}) as Input
    const shared = Object.hasOwn(this.sharedHandlers, op.operation) ? this.sharedHandlers[op.operation] : undefined
    if (shared) return shared(i)
    switch (op.operation) {
      case 'items.ingest':
        return this.ingest([sharedItemOf(op)])
      case 'drafts.save':
        this.deps.inbox.saveDraft(this.conversation(i), String(i.text ?? ''))
        return
      case 'approvals.submit':
        return this.approvalApply.submit(i, actor)
      case 'conversations.setStatus': {
        const until = typeof i.snoozeUntil === 'number' ? i.snoozeUntil : undefined
        this.deps.triage.setStatus(this.conversations(i), i.status as never, until)
        return
      }
      case 'conversations.assign': {
        const assignee = typeof i.assignee === 'string' ? this.profileNamed(i.assignee, 'agent').id : null
        this.deps.triage.assign(this.conversations(i), assignee)
        return
      }
      case 'conversations.addTags':
        this.deps.triage.addTags(this.conversations(i), this.tagIds(i, true))
        return
      case 'conversations.removeTags': {
        const tags = this.tagIds(i, false)
        if (tags.length) this.deps.triage.removeTags(this.conversations(i), tags)
        return
      }
      case 'notes.add': {
        const noteId = String(i.noteId)
        if (this.deps.entities.messageExists(noteId)) return
        const note = this.deps.triage.addNote(this.conversation(i), String(i.body ?? ''), noteTime(i, op))
        this.deps.entities.setMessageUuid(note.id, noteId)
        return
      }
      default:
        if (DECISIONS.has(op.operation)) this.approvalApply.decide(op.operation, i)
    }
  }

  /** Inbound items of one channel account, in one ingest call. */
  private ingest(shared: SharedItem[]): void {
    const first = shared[0]
    if (!first || shared.some((s) => !s.item || !s.account)) throw new NotHere('The shared item carries no content.')
    const key = first.conversation.account
    let accountId = this.deps.entities.accountId(key)
    if (accountId === null) {
      // An account another laptop polls: its items are shown here; polling and sending need its secret on this laptop.
      accountId = this.deps.accounts.ensure(first.account as never, { isDemo: false, at: this.deps.clock.now() })
      this.deps.accounts.setStatus(accountId, 'paused', 'Shared by your team: connect it on this laptop to poll and send from here.')
    }
    // Conversations not here yet, in the order they arrive: the first op naming one gives it its uuid.
    const fresh = new Map<string, ConversationRef>()
    for (const s of shared) {
      const natural = `${s.conversation.account}\u0000${s.conversation.key}`
      if (!fresh.has(natural) && this.deps.entities.conversationId(s.conversation) === null) fresh.set(natural, s.conversation)
    }
    this.deps.ingest.ingest(accountId, shared.map((s) => s.item as NormalizedItem))
    // A conversation first seen through the team takes the team's uuid, so later ops find it by uuid.
    for (const ref of fresh.values()) {
      const id = this.deps.entities.conversationId(ref)
      if (id !== null) this.deps.entities.setConversationUuid(id, ref.id)
    }
  }

  /** The local profile a member acts as: found by name, or added with the member's role (no passphrase: it cannot sign in here). */
  private actor(op: Op, membership: TeamMembership): ProfileRecord {
    // Within a slice a member is looked up once (the member list and the profile are read per member, not per op).
    const cached = this.actors.get(op.memberId)
    if (cached) return cached
    const actor = this.findActor(op, membership)
    this.actors.set(op.memberId, actor)
    return actor
  }

  private findActor(op: Op, membership: TeamMembership): ProfileRecord {
    if (op.memberId === membership.memberId) return this.profileNamed(membership.profile, membership.role)
    const member = this.deps.entities.members().find((m) => m.memberId === op.memberId)
    return this.profileNamed(member?.name ?? op.profile, member?.role ?? 'agent')
  }

  private profileNamed(name: string, role: string): ProfileRecord {
    const r = (role === 'admin' || role === 'supervisor' ? role : 'agent') as ProfileRecord['role']
    const found = this.deps.people.findByName(name) ?? this.deps.people.create(name, r, null, this.deps.clock.now())
    // The team store checked the member's right to act; here the member acts with the team role.
    return { ...found, role: r }
  }

  private conversation(i: Input): number {
    const ref = (i.conversation ?? { id: i.conversationId }) as ConversationRef
    const id = this.deps.entities.conversationId(ref)
    if (id === null) throw new NotHere('That conversation has not reached this laptop.')
    return id
  }

  private conversations(i: Input): number[] {
    const refs = (Array.isArray(i.conversations) ? i.conversations : (Array.isArray(i.conversationIds) ? i.conversationIds : []).map((id) => ({ id }))) as ConversationRef[]
    const ids = refs.map((r) => this.deps.entities.conversationId(r)).filter((id): id is number => id !== null)
    if (ids.length === 0) throw new NotHere('None of those conversations has reached this laptop.')
    return ids
  }

  /** By each tag's uuid and then its name (so a tag another laptop renamed meanwhile is still found), or by name from an earlier Parley. */
  private tagIds(i: Input, create: boolean): number[] {
    const names = Array.isArray(i.tags) ? i.tags.filter((t): t is string => typeof t === 'string') : []
    const refs: { id?: unknown; name?: unknown }[] = Array.isArray(i.tagRefs) ? (i.tagRefs as { id?: unknown; name?: unknown }[]) : names.map((name) => ({ name }))
    const shared = this.deps.entities.shared
    return refs
      .map((r) => {
        const ref = { id: typeof r.id === 'string' ? r.id : undefined, name: typeof r.name === 'string' ? r.name : undefined }
        const found = shared.tagId(ref)
        if (found !== null || !create || !ref.name) return found
        const made = this.deps.tags.create(ref.name, undefined).id
        if (ref.id) shared.setTagUuid(made, ref.id)
        return made
      })
      .filter((id): id is number => id !== null)
  }

  private accountOf(conversationId: number): number {
    const id = this.deps.entities.accountOfConversation(conversationId)
    if (id === null) throw new NotHere('That conversation has no channel account here.')
    return id
  }
}
