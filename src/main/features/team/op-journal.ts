import { randomUUID } from 'node:crypto'
import type { Clock } from '../../base/clock'
import { crashPoint } from '../../base/crash-point'
import type { TeamSync } from '../../../shared/contract'
import type { TeamMembership, TeamOpLogStore } from '../../store/team-op-log'
import type { TeamEntityStore } from '../../store/team-entities'
import type { TransactionParticipant } from '../../store/unit-of-work'
import { HybridClock } from './hlc'
import { TeamOpRecorder } from './op-recorder'
import { RECORDED_OPERATIONS } from './recorded-operations'
import type { TeamTerms } from './team-terms'

/**
 * This laptop's own ops, as they are made: whether the workspace is in a team, the member's hybrid
 * clock, appending ops to the local log (through the unit of work's participant, in the transaction of
 * the change they describe) and the top bar's sync state with its team.changed announcements.
 * It needs only the log, so it exists before the unit of work; pushing, pulling and applying are the
 * TeamWorkspace's, built once the domain services exist.
 */
export class TeamOpJournal {
  private clock: HybridClock | null = null
  private readonly recorder: TeamOpRecorder
  private joined: boolean
  private syncing = false
  private announcing = false
  private readonly recorded = new Set<() => void>()

  constructor(
    private readonly log: TeamOpLogStore,
    private readonly wallClock: Clock,
    entities: TeamEntityStore,
    /** Publishes team.changed: the top bar's sync state moved. */
    private readonly onChange: ((sync: TeamSync) => void) | null = null,
  ) {
    // Read once: every transaction asks, and only init and join change it.
    this.joined = this.log.membership() !== null
    this.recorder = new TeamOpRecorder(entities, () => this.joined, (terms) => this.appendOp(terms))
  }

  /** The unit of work's participant: records ops in the transaction of the change they describe. */
  participant(): TransactionParticipant {
    return this.recorder
  }

  /** The workspace has just joined (or created) a team: record from now on. */
  markJoined(): void {
    this.joined = true
  }

  /** Calls `listener` after each burst of this laptop's ops has committed (the schedule pushes them soon); returns the unsubscribe. */
  onRecorded(listener: () => void): () => void {
    this.recorded.add(listener)
    return () => this.recorded.delete(listener)
  }

  /** Whether the router's call of this operation is shared with the team. */
  records(operation: string): boolean {
    return this.joined && RECORDED_OPERATIONS.has(operation)
  }

  /** Records an op exactly as given (input already in team terms), outside any change: for tools and tests. */
  record(operation: string, input: unknown, profile: () => string): void {
    if (!RECORDED_OPERATIONS.has(operation)) return
    const membership = this.log.membership()
    if (!membership) return
    this.log.append(
      { id: randomUUID(), hlc: this.hlc(membership).now(), profile: profile(), operation, input, entities: [], baseSeq: membership.lastPulledSeq },
      this.wallClock.now(),
    )
    this.announceSoon()
  }

  /** The member's hybrid clock (pulled ops move it forward). */
  hlc(membership: TeamMembership): HybridClock {
    this.clock ??= new HybridClock(membership.memberId.slice(0, 8), () => this.wallClock.now(), this.log.latestHlc())
    return this.clock
  }

  /** The top bar's view: not in a team, syncing, synced, or offline with the count of changes waiting. */
  syncState(): TeamSync {
    const m = this.log.membership()
    if (!m) return { state: 'local', unpushed: 0, lastSyncAt: null, problem: null }
    const state = this.syncing ? 'syncing' : m.lastSyncProblem !== null || m.lastSyncAt === null ? 'offline' : 'synced'
    return { state, unpushed: this.log.unpushedCount(), lastSyncAt: m.lastSyncAt, problem: m.lastSyncProblem }
  }

  /** A sync round started or ended: the top bar hears it at once. */
  setSyncing(syncing: boolean): void {
    this.syncing = syncing
    this.onChange?.(this.syncState())
  }

  private appendOp(terms: TeamTerms): void {
    const membership = this.log.membership()
    if (!membership) return
    this.log.append(
      { id: randomUUID(), hlc: this.hlc(membership).now(), profile: membership.profile, operation: terms.operation, input: terms.input, entities: terms.entities, baseSeq: membership.lastPulledSeq },
      this.wallClock.now(),
    )
    this.announceSoon()
  }

  /** Once per burst of changes, after the transaction that recorded them has committed (it runs synchronously). */
  private announceSoon(): void {
    if (this.announcing) return
    this.announcing = true
    queueMicrotask(() => {
      this.announcing = false
      // Committed here, pushed nowhere yet.
      crashPoint('team.recorded')
      this.onChange?.(this.syncState())
      for (const listener of this.recorded) listener()
    })
  }
}
