import { ParleyError, type ConversationStatus, type Message, type Profile } from '../../../shared/contract'
import type { Clock } from '../../base/clock'
import type { ProfilesService } from '../people/service'
import type { ActivityLog } from '../../store/activity'
import type { TagStore } from '../../store/tags'
import type { TriageStateRow as StateRow, TriageStore } from '../../store/triage'
import type { Tx, UnitOfWork } from '../../store/unit-of-work'
import { assignSentence, statusSentence, tagSentence } from './sentences'

export interface TriageDeps {
  uow: UnitOfWork
  store: TriageStore
  clock: Clock
  profiles: ProfilesService
  activity: ActivityLog
  tags: TagStore
  /** A snooze was set or cleared: the wake timer re-reads the soonest one. */
  snoozesChanged(): void
}

/**
 * The triage actions on one or many conversations. Each call runs in one transaction: it checks every
 * id first (a bad one changes nothing), changes only what actually moves, writes one activity line per
 * conversation changed, attributed to the session's profile, then emits conversations.changed and counts.
 */
export class TriageService {
  constructor(private readonly deps: TriageDeps) {}

  setStatus(ids: number[], status: ConversationStatus, snoozedUntil: number | undefined): { changed: number[] } {
    const now = this.deps.clock.now()
    if (status === 'snoozed' && (snoozedUntil === undefined || snoozedUntil <= now)) {
      throw new ParleyError('bad_input', 'A snooze must end in the future. Nothing was changed.')
    }
    const until = status === 'snoozed' ? snoozedUntil! : null
    const changed = this.bulk(ids, (row, me) => {
      if (row.status === status && row.snoozed_until === until) return false
      this.deps.store.setStatus(row.id, status, until)
      this.record(row.id, me, status === 'snoozed' ? 'snoozed' : 'status', statusSentence(me.name, status, until), now, {
        from: row.status,
        to: status,
        snoozedUntil: until,
      })
      return true
    })
    if (changed.length) this.deps.snoozesChanged()
    return { changed }
  }

  assign(ids: number[], profileId: number | null): { changed: number[] } {
    const assignee = profileId === null ? null : this.deps.profiles.get(profileId)
    if (profileId !== null && !assignee) throw new ParleyError('not_found', `There is no profile ${profileId} to assign to. Nothing was changed.`)
    const now = this.deps.clock.now()
    const changed = this.bulk(ids, (row, me) => {
      if (row.assignee_id === profileId) return false
      const previous = row.assignee_id === null ? null : (this.deps.profiles.get(row.assignee_id)?.name ?? null)
      this.deps.store.setAssignee(row.id, profileId)
      this.record(row.id, me, 'assigned', assignSentence(me, assignee, previous), now, { from: row.assignee_id, to: profileId })
      return true
    })
    return { changed }
  }

  addTags(ids: number[], tagIds: number[]): { changed: number[] } {
    return this.tagging(ids, tagIds, true)
  }

  removeTags(ids: number[], tagIds: number[]): { changed: number[] } {
    return this.tagging(ids, tagIds, false)
  }

  /** Read state is personal bookkeeping, not a team event: no activity line. */
  markRead(ids: number[], read: boolean): { changed: number[] } {
    const unread = read ? 0 : 1
    const changed = this.bulk(ids, (row) => this.deps.store.setUnread(row.id, unread))
    return { changed }
  }

  /** at: when the note was written, for a note written on another laptop of the team (now otherwise). */
  addNote(conversationId: number, body: string, at = this.deps.clock.now()): Message {
    const me = this.deps.profiles.currentProfile()
    const id = this.deps.uow.run((tx) => {
      const noteId = this.deps.store.insertNote({ conversation: conversationId, profile: me.id, author: me.name, text: body, at })
      if (noteId === null) throw new ParleyError('not_found', `Conversation ${conversationId} does not exist, so the note was not saved.`)
      this.announce(tx, [conversationId])
      return noteId
    })
    return {
      id,
      remoteId: null,
      parentRemoteId: null,
      direction: 'note',
      authorName: me.name,
      authorHandle: '',
      authorProfileUrl: null,
      text: body,
      html: null,
      createdAt: at,
      permalink: null,
      isContext: false,
      deletedAt: null,
      editedAt: null,
    }
  }

  private tagging(ids: number[], tagIds: number[], add: boolean): { changed: number[] } {
    const tags = [...new Set(tagIds)].map((id) => this.deps.tags.require(id))
    const now = this.deps.clock.now()
    const changed = this.bulk(ids, (row, me) => {
      const moved = tags.filter((t) => (add ? this.deps.store.link(row.id, t.id) : this.deps.store.unlink(row.id, t.id)))
      if (!moved.length) return false
      const names = moved.map((t) => t.name)
      this.record(row.id, me, add ? 'tagged' : 'untagged', tagSentence(me.name, names, add), now, { tagIds: moved.map((t) => t.id) })
      return true
    })
    return { changed }
  }

  /** Checks every id, then applies change to each in one transaction; returns the ids it changed. */
  private bulk(requested: number[], change: (row: StateRow, me: Profile) => boolean): number[] {
    const ids = [...new Set(requested)]
    const me = this.deps.profiles.currentProfile()
    return this.deps.uow.run((tx) => {
      const rows = this.deps.store.states(ids)
      if (rows.length !== ids.length) {
        const found = new Set(rows.map((r) => r.id))
        const missing = ids.filter((id) => !found.has(id))
        throw new ParleyError(
          'not_found',
          `${missing.length === 1 ? `Conversation ${missing[0]} does` : `Conversations ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''} do`} not exist (removed?). Nothing was changed.`,
        )
      }
      const byId = new Map(rows.map((r) => [r.id, r]))
      return this.announce(tx, ids.filter((id) => change(byId.get(id)!, me)))
    })
  }

  private record(conversationId: number, me: Profile, kind: 'status' | 'snoozed' | 'assigned' | 'tagged' | 'untagged', text: string, at: number, data: Record<string, unknown>): void {
    this.deps.activity.record({ conversationId, kind, text, profileId: me.id, actorName: me.name, data, at })
  }

  /** The lists and the counts are published once, after the commit. */
  private announce(tx: Tx, changed: number[]): number[] {
    if (changed.length) {
      tx.conversationsChanged(changed)
      tx.countsChanged()
    }
    return changed
  }
}
