import type { Presence } from '../../../shared/contract/operations-people'
import type { Clock } from '../../base/clock'
import { DueTimer } from '../../base/due-timer'
import type { Timers } from '../../base/timers'

/** A heartbeat keeps someone "drafting" this long; the composer beats well inside it. */
export const PRESENCE_TTL_MS = 30_000

interface Entry {
  name: string
  since: number
  expiresAt: number
}

/**
 * Who is drafting where, in memory only (it means nothing after a restart). Fed by heartbeats and
 * by draft saves; an entry expires unless renewed. Every change, including an expiry, is
 * announced through `publish` so both sides of a collision see it without asking.
 */
export class PresenceTracker {
  private readonly byConversation = new Map<number, Map<number, Entry>>()
  private readonly wakeUp: DueTimer

  constructor(
    private readonly clock: Clock,
    timers: Timers,
    private readonly publish: (presence: Presence) => void,
    private readonly ttlMs = PRESENCE_TTL_MS,
  ) {
    this.wakeUp = new DueTimer(timers, clock, () => this.sweep())
    this.wakeUp.start()
  }

  /** Marks (or clears) a profile as drafting in a conversation; returns who drafts there now. */
  beat(conversationId: number, profile: { id: number; name: string }, drafting: boolean): Presence {
    this.sweep()
    const now = this.clock.now()
    let entries = this.byConversation.get(conversationId)
    const had = entries?.has(profile.id) ?? false
    if (drafting) {
      if (!entries) this.byConversation.set(conversationId, (entries = new Map()))
      const previous = entries.get(profile.id)
      entries.set(profile.id, { name: profile.name, since: previous?.since ?? now, expiresAt: now + this.ttlMs })
      this.schedule(now + this.ttlMs)
    } else if (entries) {
      entries.delete(profile.id)
      if (!entries.size) this.byConversation.delete(conversationId)
    }
    const presence = this.of(conversationId)
    if (had !== drafting) this.publish(presence)
    return presence
  }

  of(conversationId: number): Presence {
    const entries = this.byConversation.get(conversationId)
    const now = this.clock.now()
    return {
      conversationId,
      drafting: [...(entries ?? [])]
        .filter(([, e]) => e.expiresAt > now)
        .map(([profileId, e]) => ({ profileId, name: e.name, since: e.since }))
        .sort((a, b) => a.since - b.since),
    }
  }

  list(): Presence[] {
    this.sweep()
    return [...this.byConversation.keys()].map((id) => this.of(id))
  }

  /** Drops expired entries and announces the conversations that changed. Tests call it after moving the clock. */
  sweep(): void {
    const now = this.clock.now()
    let soonest = Infinity
    for (const [conversationId, entries] of this.byConversation) {
      let changed = false
      for (const [profileId, e] of entries) {
        if (e.expiresAt <= now) {
          entries.delete(profileId)
          changed = true
        } else soonest = Math.min(soonest, e.expiresAt)
      }
      if (!entries.size) this.byConversation.delete(conversationId)
      if (changed) this.publish(this.of(conversationId))
    }
    if (soonest < Infinity) this.schedule(soonest)
  }

  dispose(): void {
    this.wakeUp.disarm()
  }

  /** Sweeps just after the soonest entry expires (a few ms late, so it has expired). */
  private schedule(at: number): void {
    this.wakeUp.atLatest(Math.max(at, this.clock.now()) + 5)
  }
}
