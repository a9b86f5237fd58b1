import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ConversationStatus, ConversationSummary, Tag } from '@shared/contract'
import { useApi } from '@renderer/api/client'
import { clockTime, plural } from '@renderer/lib/format'
import type { Command } from '@renderer/lib/triage-actions'
import { useAppStore } from './app'
import { useConversationStore } from './conversation'
import { useInboxStore } from './inbox'
import { useProfilesStore } from './profiles'

/** Which keyboard picker is open, and on which conversations it acts. */
export type PickerKind = 'assign' | 'tag' | 'snooze' | 'palette'

const statusWords: Record<ConversationStatus, string> = { open: 'Reopened', pending: 'Marked pending', snoozed: 'Snoozed', done: 'Done' }

/** Puts back what a change replaced: the inverse operations through the contract (run without offering another undo). */
type Undo = () => Promise<unknown>

/** Ids grouped by a value they had before, so one call per distinct value restores them all. */
function groupBy<K>(ids: number[], value: (id: number) => K | undefined): Map<K, number[]> {
  const groups = new Map<K, number[]>()
  for (const id of ids) {
    const v = value(id)
    if (v === undefined) continue
    groups.set(v, [...(groups.get(v) ?? []), id])
  }
  return groups
}

/**
 * Triage actions (status, snooze, assign, tags, read state, notes) on one conversation or a selection.
 * The list changes at once (rows that leave the view go, the cursor stays in place); the core's events
 * confirm it, and a refusal puts the list back and says why.
 */
export const useTriageStore = defineStore('triage', () => {
  const tags = ref<Tag[]>([])
  const picker = ref<{ kind: PickerKind; ids: number[] } | null>(null)
  /** The composer's mode: a reply to the channel, or an internal note. */
  const composerMode = ref<'reply' | 'note'>('reply')
  /** Every action, for the command palette (set by the app shell from withTriage). */
  const commands = shallowRef<Command[]>([])

  const tagsByName = computed(() => new Map(tags.value.map((t) => [t.name.toLowerCase(), t])))

  function tagColor(name: string): string | null {
    return tagsByName.value.get(name.toLowerCase())?.color ?? null
  }

  /** What a keyboard action applies to: the ticked rows, else the cursor row, else the open conversation. */
  function targets(): number[] {
    const inbox = useInboxStore()
    if (inbox.checked.size) return inbox.checkedIds
    if (inbox.selectedId !== null) return [inbox.selectedId]
    const open = useConversationStore().openId
    return open === null ? [] : [open]
  }

  function openPicker(kind: PickerKind, ids: number[] = targets()): void {
    if (kind !== 'palette' && !ids.length) {
      useAppStore().notify('Pick a conversation first (j/k to move, x to select).')
      return
    }
    if (kind === 'tag') void loadTags()
    picker.value = { kind, ids }
  }

  function closePicker(): void {
    picker.value = null
  }

  async function loadTags(): Promise<void> {
    try {
      tags.value = await useApi().call('tags.list', {})
    } catch (error) {
      useAppStore().report(error)
    }
  }

  async function createTag(name: string): Promise<Tag | null> {
    try {
      const tag = await useApi().call('tags.create', { name })
      await loadTags()
      return tag
    } catch (error) {
      useAppStore().report(error)
      return null
    }
  }

  /** What a conversation looks like now: its list row, else the open conversation. */
  function current(id: number): ConversationSummary | null {
    const row = useInboxStore().get(id)
    if (row) return row
    const detail = useConversationStore().detail
    return detail?.id === id ? detail : null
  }

  /** "Done: Inês Araújo" for one conversation, "Done: 3 conversations" for several. */
  function feedback(done: string, ids: number[]): string {
    if (ids.length > 1) return `${done}: ${plural(ids.length, 'conversation')}`
    const name = current(ids[0]!)?.authorName
    return name ? `${done}: ${name}` : done
  }

  /**
   * Runs one change: patch the list now, call the core, and on refusal re-read the list.
   * When the open conversation leaves the view, the next one (where the cursor landed) opens.
   * Then a brief toast says what happened, with Undo when `undo` can put it back.
   */
  async function change(
    ids: number[],
    patch: (item: ConversationSummary) => Partial<ConversationSummary>,
    call: () => Promise<{ changed: number[] }>,
    done: string,
    undo: Undo | null = null,
  ): Promise<boolean> {
    if (!ids.length) return false
    const message = feedback(done, ids)
    const app = useAppStore()
    const inbox = useInboxStore()
    const conversation = useConversationStore()
    const openId = conversation.openId
    inbox.applyChange(ids, patch, app.profile?.id ?? null)
    if (ids.length > 1) inbox.clearChecked()
    if (openId !== null && ids.includes(openId) && !inbox.get(openId) && inbox.selectedId !== null && inbox.selectedId !== openId) {
      void conversation.open(inbox.selectedId)
    }
    try {
      await call()
      app.notify(message, 'info', undo ? { action: { label: 'Undo', run: () => runUndo(undo) } } : {})
      if (openId !== null && ids.includes(openId) && conversation.openId === openId) void conversation.reload()
      return true
    } catch (error) {
      app.report(error)
      void inbox.refresh()
      return false
    }
  }

  /** Set while an Undo runs: its own changes offer no further Undo. */
  let undoing = false
  async function runUndo(undo: Undo): Promise<void> {
    undoing = true
    try {
      await undo()
    } finally {
      undoing = false
    }
  }
  const offer = (build: () => Undo | null): Undo | null => (undoing ? null : build())

  function setStatus(status: ConversationStatus, ids: number[] = targets(), snoozedUntil?: number): Promise<boolean> {
    const input = status === 'snoozed' ? { ids, status, snoozedUntil } : { ids, status }
    // Each conversation goes back to its own status (and snooze time): one call per distinct one.
    const undo = offer(() => {
      const before = groupBy(ids, (id) => {
        const c = current(id)
        if (!c || (c.status === status && (status !== 'snoozed' || c.snoozedUntil === snoozedUntil))) return undefined
        return `${c.status}:${c.status === 'snoozed' ? (c.snoozedUntil ?? '') : ''}`
      })
      if (!before.size) return null
      return () =>
        Promise.all(
          [...before].map(([key, group]) => {
            const [was, until] = key.split(':') as [ConversationStatus, string]
            return setStatus(was, group, was === 'snoozed' && until ? Number(until) : undefined)
          }),
        )
    })
    const words = status === 'snoozed' && snoozedUntil ? `Snoozed until ${clockTime(snoozedUntil, Date.now())}` : statusWords[status]
    return change(
      ids,
      () => ({ status, snoozedUntil: status === 'snoozed' ? (snoozedUntil ?? null) : null }),
      () => useApi().call('conversations.setStatus', input),
      words,
      undo,
    )
  }

  function assign(profileId: number | null, ids: number[] = targets()): Promise<boolean> {
    const undo = offer(() => {
      const before = groupBy(ids, (id) => {
        const c = current(id)
        return c && c.assigneeId !== profileId ? c.assigneeId : undefined
      })
      return before.size ? () => Promise.all([...before].map(([was, group]) => assign(was, group))) : null
    })
    return change(
      ids,
      () => ({ assigneeId: profileId }),
      () => useApi().call('conversations.assign', { ids, profileId }),
      profileId === null ? 'Unassigned' : `Assigned to ${useProfilesStore().list.find((p) => p.id === profileId)?.name ?? 'them'}`,
      undo,
    )
  }

  /** Per tag, the conversations whose having it matches `had` now (case-insensitive, as tags are). */
  function holders(tagList: Tag[], ids: number[], had: boolean): [Tag, number[]][] {
    return tagList
      .map((tag): [Tag, number[]] => [tag, ids.filter((id) => current(id)?.tags.some((t) => t.toLowerCase() === tag.name.toLowerCase()) === had)])
      .filter(([, group]) => group.length > 0)
  }

  function addTags(tagList: Tag[], ids: number[] = targets()): Promise<boolean> {
    const names = tagList.map((t) => t.name)
    // Undo takes off only what this added: a tag a conversation already had stays.
    const undo = offer(() => {
      const added = holders(tagList, ids, false)
      return added.length ? () => Promise.all(added.map(([tag, group]) => removeTags([tag], group))) : null
    })
    return change(
      ids,
      (item) => ({ tags: [...new Set([...item.tags, ...names])].sort((a, b) => a.localeCompare(b)) }),
      () => useApi().call('conversations.addTags', { ids, tagIds: tagList.map((t) => t.id) }),
      `Tagged ${names.join(', ')}`,
      undo,
    )
  }

  function removeTags(tagList: Tag[], ids: number[] = targets()): Promise<boolean> {
    const names = new Set(tagList.map((t) => t.name.toLowerCase()))
    const undo = offer(() => {
      const removed = holders(tagList, ids, true)
      return removed.length ? () => Promise.all(removed.map(([tag, group]) => addTags([tag], group))) : null
    })
    return change(
      ids,
      (item) => ({ tags: item.tags.filter((t) => !names.has(t.toLowerCase())) }),
      () => useApi().call('conversations.removeTags', { ids, tagIds: tagList.map((t) => t.id) }),
      `Removed ${tagList.map((t) => t.name).join(', ')}`,
      undo,
    )
  }

  /** Marks conversations as spam (one call each, as the contract takes one), with Undo. */
  async function markSpam(ids: number[] = targets(), spam = true): Promise<boolean> {
    if (!ids.length) return false
    const app = useAppStore()
    const message = feedback(spam ? 'Marked as spam' : 'Not spam', ids)
    try {
      for (const conversationId of ids) await useApi().call('spam.mark', { conversationId, spam })
      if (ids.length > 1) useInboxStore().clearChecked()
      void useInboxStore().refresh()
      app.notify(message, 'info', undoing ? {} : { action: { label: 'Undo', run: () => runUndo(() => markSpam(ids, !spam)) } })
      return true
    } catch (error) {
      app.report(error)
      return false
    }
  }

  function markRead(read: boolean, ids: number[] = targets()): Promise<boolean> {
    return change(
      ids,
      () => ({ unread: !read }),
      () => useApi().call('conversations.markReadMany', { ids, read }),
      read ? 'Marked read' : 'Marked unread',
    )
  }

  /** Saves an internal note; resolves false (and says why) when the core refused it. */
  async function addNote(conversationId: number, body: string): Promise<boolean> {
    try {
      await useApi().call('notes.add', { conversationId, body })
      const conversation = useConversationStore()
      if (conversation.openId === conversationId) await conversation.reload()
      return true
    } catch (error) {
      useAppStore().report(error)
      return false
    }
  }

  return {
    tags,
    picker,
    composerMode,
    commands,
    tagsByName,
    tagColor,
    targets,
    openPicker,
    closePicker,
    loadTags,
    createTag,
    setStatus,
    assign,
    addTags,
    removeTags,
    markSpam,
    markRead,
    addNote,
  }
})
