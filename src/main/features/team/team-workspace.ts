import { randomUUID } from 'node:crypto'
import { crashPoint } from '../../base/crash-point'
import type { TableDigest, TeamDigestStore } from '../../store/team-digest'
import { hostname } from 'node:os'
import { ParleyError } from '../../../shared/contract'
import type { Clock } from '../../base/clock'
import type { TeamMembership, TeamOpLogStore } from '../../store/team-op-log'
import type { TeamEntityStore, TeamMemberRow } from '../../store/team-entities'
import type { TeamLocalApply } from './local-apply'
import type { TeamOpJournal } from './op-journal'
import type { TeamStatus as TeamStatusView, TeamSync } from '../../../shared/contract'
import type { Vault } from '../vault/vault'
import { TeamClient, teamSignup } from './client'
import { deriveMemberKey } from './credentials'
import { beforeImage } from './team-terms-shared'
import type { PulledOp, Role } from '../../model/team-op'

/** Where the member's key lives: the workspace's vault (keychain or encrypted file), never SQLite. */
const KEY_ENTRY = 'team/member-key'
const PUSH_BATCH = 500
/** The service reads at most 1 MB per request; long drafts make big ops, so batches are cut by size too. */
const PUSH_BYTES = 768 * 1024
const PULL_BATCH = 1_000
const MEMBERS_EVERY_MS = 60_000

export interface TeamSyncReport {
  pushed: number
  pulled: number
  /** Pushed ops the team store decided against (lost races, refusals), in plain words. */
  contested: { operation: string; outcome: string; message: string | null }[]
  lastSeq: number
  /** Pulled ops applied to this workspace in this round. */
  applied: number
}

export interface TeamStatus {
  joined: boolean
  membership: TeamMembership | null
  unpushed: number
  /** This laptop's latest ops the team store decided against: an approval race lost, a refusal. */
  contested: { operation: string; outcome: string; message: string | null }[]
  /** The team's members as last fetched. */
  members: TeamMemberRow[]
  /** Pulled ops this laptop could not apply (e.g. a conversation it has not received), in plain words. */
  applyProblems: { operation: string; problem: string }[]
}

/**
 * This laptop's side of the team store: joining, pushing this laptop's ops (recorded by the journal)
 * and pulling the team's, which the applier applies through the domain code. Before the workspace
 * joins a team it records nothing.
 */
export class TeamWorkspace {
  private inFlight: Promise<TeamSyncReport> | null = null
  private pushing: Promise<number> | null = null
  /** Rounds and pushes run one at a time, in the order asked. */
  private lane: Promise<unknown> = Promise.resolve()
  /** The last long-poll's answer, used as the next round's first page (one request per op seen, not three). */
  private prefetched: { after: number; ops: PulledOp[]; lastSeq: number } | null = null
  private knownMembers = new Set<string>()
  private membersAt = -Infinity

  constructor(
    private readonly journal: TeamOpJournal,
    private readonly log: TeamOpLogStore,
    private readonly vault: Vault | null,
    private readonly wallClock: Clock,
    private readonly entities: TeamEntityStore,
    private readonly applier: TeamLocalApply,
    private readonly digests: TeamDigestStore,
  ) {}

  /** The shared state as this workspace holds it, one hash per table: laptops that have synced print equal ones. */
  digest(): Record<string, TableDigest> {
    return this.digests.digest()
  }

  /** The top bar's view: not in a team, syncing, synced, or offline with the count of changes waiting. */
  syncState(): TeamSync {
    return this.journal.syncState()
  }

  /** Settings → Team: members as last fetched, poll leases asked of the service (null when it cannot be reached). */
  async details(): Promise<TeamStatusView> {
    const m = this.log.membership()
    let pollLeases: TeamStatusView['pollLeases'] = null
    if (m) {
      try {
        // Asked afresh: a member who joined or was removed a moment ago shows now, not at the next minute's refresh.
        const client = await this.client()
        const [members, leases] = await Promise.all([client.members(), client.pollLeases()])
        this.rememberMembers(members)
        const names = new Map(members.map((x) => [x.id, x.name]))
        pollLeases = leases.map((l) => ({ ...l, holder: names.get(l.holder) ?? l.holder }))
      } catch {
        pollLeases = null
      }
    }
    const status = this.status()
    return {
      sync: this.syncState(),
      team: m ? { name: m.teamName, serverUrl: m.serverUrl, memberName: m.memberName, role: m.role, device: m.device } : null,
      members: status.members.map((x) => ({ name: x.name, role: x.role })),
      pollLeases,
      contested: status.contested,
    }
  }

  membership(): TeamMembership | null {
    return this.log.membership()
  }

  /** Whether the router's call of this operation is shared with the team. */
  records(operation: string): boolean {
    return this.journal.records(operation)
  }

  /** What a shared call's rows are called before it renames or deletes them (its op names them so), or undefined. */
  beforeImage(operation: string, input: unknown): unknown {
    return this.journal.records(operation) ? beforeImage(operation, input, this.entities) : undefined
  }

  /** Records an op exactly as given (input already in team terms), outside any change: for tools and tests. */
  record(operation: string, input: unknown, profile: () => string): void {
    this.journal.record(operation, input, profile)
  }

  status(): TeamStatus {
    const membership = this.log.membership()
    const contested = this.log.contested(20).map((o) => ({ operation: o.operation, outcome: o.outcome, message: o.message }))
    return { joined: membership !== null, membership, unpushed: this.log.unpushedCount(), contested, members: this.entities.members(), applyProblems: this.log.applyProblems(20) }
  }

  async init(o: { serverUrl: string; teamName: string; memberName: string; profile: string; passphrase: string; device?: string }): Promise<TeamMembership> {
    this.refuseIfJoined()
    const vault = this.requireVault()
    const memberId = randomUUID()
    const key = await deriveMemberKey(o.passphrase, memberId)
    const { teamId, member } = await teamSignup.createTeam(o.serverUrl, { name: o.teamName, memberId, memberName: o.memberName, profile: o.profile, key })
    await vault.set(KEY_ENTRY, key.toString('base64url'))
    // What this laptop stored before, named as every laptop names it, before anything is shared.
    this.entities.adoptNaturalUuids()
    this.journal.markJoined()
    this.log.setMembership({ serverUrl: o.serverUrl, teamId, teamName: o.teamName, memberId, memberName: member.name, role: member.role, profile: o.profile, device: o.device ?? hostname() }, this.wallClock.now())
    return this.log.membership()!
  }

  async join(o: { serverUrl: string; code: string; profile: string; passphrase: string; device?: string }): Promise<TeamMembership> {
    this.refuseIfJoined()
    const vault = this.requireVault()
    const memberId = randomUUID()
    const key = await deriveMemberKey(o.passphrase, memberId)
    const joined = await teamSignup.join(o.serverUrl, { code: o.code, memberId, profile: o.profile, key })
    await vault.set(KEY_ENTRY, key.toString('base64url'))
    // What this laptop stored before, named as every laptop names it, before anything is shared.
    this.entities.adoptNaturalUuids()
    this.journal.markJoined()
    this.log.setMembership(
      { serverUrl: o.serverUrl, teamId: joined.teamId, teamName: joined.teamName, memberId, memberName: joined.member.name, role: joined.member.role, profile: o.profile, device: o.device ?? hostname() },
      this.wallClock.now(),
    )
    return this.log.membership()!
  }

  /** Refuses a team admin's act by a local profile other than the one that joined as the member. */
  requireMemberProfile(profile: string): void {
    const m = this.log.membership()
    if (!m) throw new ParleyError('conflict', 'This workspace has not joined a team.')
    if (m.profile !== profile) throw new ParleyError('unauthorized', `Only ${m.profile}, who joined the team from this laptop, can do that here.`)
  }

  /**
   * On a joined laptop, the profiles Parley made for the team's other members only show who did what:
   * working as one of them here would be shared as this laptop's member while showing here as the other.
   */
  refuseOtherMember(profile: string): void {
    const m = this.log.membership()
    if (!m || profile === m.profile) return
    if (this.entities.members().some((x) => x.memberId !== m.memberId && (x.profile === profile || x.name === profile))) {
      throw new ParleyError('unauthorized', `${profile} is a member of your team who works from their own laptop. Here you work as ${m.profile}, who joined the team from this laptop.`)
    }
  }

  /** An admin removes a member from the team (the service checks the role and keeps one admin). */
  async removeMember(name: string): Promise<{ name: string; role: Role }> {
    return (await this.client()).removeMember(name)
  }

  async invite(role: Role, name: string): Promise<string> {
    return (await this.client()).invite(role, name)
  }

  async client(): Promise<TeamClient> {
    const membership = this.log.membership()
    if (!membership) throw new ParleyError('not_found', 'This workspace has not joined a team. Run "parley team init" or "parley team join" first.')
    const stored = await this.requireVault().get(KEY_ENTRY)
    if (!stored) throw new ParleyError('unauthorized', "This laptop's team key is missing from its vault. Ask an admin for a new join code and join again.")
    return new TeamClient(membership.serverUrl, membership.memberId, Buffer.from(stored, 'base64url'))
  }

  /** Calls `listener` after this laptop's ops have committed (the schedule pushes them soon); returns the unsubscribe. */
  onOpRecorded(listener: () => void): () => void {
    return this.journal.onRecorded(listener)
  }

  /** Pushes every waiting op, then pulls until caught up; a failure keeps what is local and says why. */
  /** One round at a time: a call while a round runs (the schedule, "Sync now") waits for that round. */
  syncOnce(): Promise<TeamSyncReport> {
    this.inFlight ??= this.oneAtATime(() => this.announcedRound()).finally(() => {
      this.inFlight = null
    })
    return this.inFlight
  }

  /**
   * Pushes what waits, without pulling: right after a local change, so another laptop's long-poll
   * sees it at once. Runs after the round or push in progress; returns how many ops were pushed.
   */
  pushOnce(): Promise<number> {
    this.pushing ??= this.oneAtATime(async () => {
      if (!this.log.membership() || this.log.unpushedCount() === 0) return 0
      const report: TeamSyncReport = { pushed: 0, pulled: 0, contested: [], lastSeq: 0, applied: 0 }
      try {
        await this.pushWaiting(await this.client(), report)
      } catch (error) {
        this.log.recordSync(this.wallClock.now(), error instanceof Error ? error.message : String(error))
        throw error
      } finally {
        // The top bar's count of changes waiting moved.
        this.journal.setSyncing(false)
      }
      return report.pushed
    }).finally(() => {
      this.pushing = null
    })
    return this.pushing
  }

  /**
   * Waits (a long-poll of up to `waitSeconds`) until the team has an op this laptop has not pulled:
   * 'new' then, 'quiet' when the wait ended without one, 'immediate' when the service answered empty
   * at once (a service from before long-polls: the caller goes back to rounds at its interval).
   */
  async waitForOps(waitSeconds: number, signal?: AbortSignal): Promise<'new' | 'quiet' | 'immediate'> {
    const membership = this.log.membership()
    if (!membership) return 'immediate'
    const client = await this.client()
    const started = performance.now()
    const after = membership.lastPulledSeq
    const { ops, lastSeq } = await client.waitForOps(after, PULL_BATCH, waitSeconds, signal)
    if (ops.length > 0 || lastSeq > after) {
      this.prefetched = { after, ops, lastSeq }
      return 'new'
    }
    return performance.now() - started < Math.min(1_000, waitSeconds * 500) ? 'immediate' : 'quiet'
  }

  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lane.then(work, work)
    this.lane = run.catch(() => undefined)
    return run
  }

  private async announcedRound(): Promise<TeamSyncReport> {
    this.journal.setSyncing(true)
    try {
      return await this.syncRound()
    } finally {
      this.journal.setSyncing(false)
    }
  }

  private async pushWaiting(client: TeamClient, report: TeamSyncReport): Promise<void> {
    for (;;) {
      const batch = bySize(this.log.unpushed(PUSH_BATCH), PUSH_BYTES)
      if (batch.length === 0) return
      const results = await client.push(batch)
      // The service holds the batch; this laptop has not marked it pushed (it pushes it again, answered from the log).
      crashPoint('team.pushed')
      this.log.markPushed(results)
      report.pushed += results.length
      for (const r of results) {
        if (r.outcome === 'lost' || r.outcome === 'rejected') {
          report.contested.push({ operation: batch.find((o) => o.id === r.id)?.operation ?? '', outcome: r.outcome, message: r.message })
        }
      }
    }
  }

  private async syncRound(): Promise<TeamSyncReport> {
    const client = await this.client()
    const report: TeamSyncReport = { pushed: 0, pulled: 0, contested: [], lastSeq: 0, applied: 0 }
    try {
      await this.pushWaiting(client, report)
      let fresh = false
      for (;;) {
        const after = this.log.membership()!.lastPulledSeq
        // The long-poll's answer is the first page when nothing was pulled since it came.
        const page = this.prefetched?.after === after ? this.prefetched : await client.pull(after, PULL_BATCH)
        this.prefetched = null
        const { ops, lastSeq } = page
        const clock = this.journal.hlc(this.log.membership()!)
        for (const op of ops) clock.receive(op.hlc)
        const newest = ops.length ? ops[ops.length - 1]!.seq : after
        this.log.recordPulled(ops, newest, this.wallClock.now())
        // Stored, not applied: applyPulled after the restart applies them.
        if (ops.length > 0) crashPoint('team.pulled')
        report.pulled += ops.length
        report.lastSeq = lastSeq
        if (ops.some((o) => !this.knownMembers.has(o.memberId))) fresh = true
        if (ops.length === 0 || newest >= lastSeq) break
      }
      // Names and roles of the members, so their ops are applied as them (before applying): asked when
      // an op of a member not known here arrives, and otherwise once a minute (renames, roles).
      if (fresh || this.wallClock.now() - this.membersAt >= MEMBERS_EVERY_MS) this.rememberMembers(await client.members())
      report.applied = await this.applyPulled()
      this.log.recordSync(this.wallClock.now(), null)
      return report
    } catch (error) {
      this.log.recordSync(this.wallClock.now(), error instanceof Error ? error.message : String(error))
      throw error
    }
  }

  /** The members as the service just named them: stored for applying their ops as them, and for the panel. */
  private rememberMembers(members: readonly { id: string; name: string; profile: string; role: string }[]): void {
    this.entities.setMembers(members.map((m) => ({ memberId: m.id, name: m.name, profile: m.profile, role: m.role })))
    this.knownMembers = new Set(members.map((m) => m.id))
    this.membersAt = this.wallClock.now()
  }

  /** Applies pulled ops not yet applied here (also after a restart that came between pull and apply). */
  async applyPulled(): Promise<number> {
    const membership = this.log.membership()
    if (!membership) return 0
    return this.applier.applyPending(membership)
  }

  private requireVault(): Vault {
    if (!this.vault) throw new ParleyError('unavailable', "Joining a team needs a vault for this laptop's team key: use the keychain or --vault file.")
    return this.vault
  }

  private refuseIfJoined(): void {
    const m = this.log.membership()
    if (m) throw new ParleyError('conflict', `This workspace is already a member of the team "${m.teamName}" at ${m.serverUrl} as ${m.memberName}.`)
  }
}

/** The longest prefix of `ops` whose JSON fits in `bytes` (always at least one op, so nothing is stuck). */
export function bySize<T>(ops: T[], bytes: number): T[] {
  let size = 0
  for (let i = 0; i < ops.length; i++) {
    size += Buffer.byteLength(JSON.stringify(ops[i])) + 1
    if (size > bytes && i > 0) return ops.slice(0, i)
  }
  return ops
}
