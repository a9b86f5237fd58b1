import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ConversationStatus, ConversationSummary, Tag } from '@shared/contract'
import { useApi } from '@renderer/api/client'
import { plural } from '@renderer/lib/format'
import type { Command } from '@renderer/lib/triage-actions'
import { useAppStore } from './app'
import { useConversationStore } from './conversation'
import { useInboxStore } from './inbox'

/** Which keyboard picker is open, and on which conversations it acts. */
export type PickerKind = 'assign' | 'tag' | 'snooze' | 'palette'

const statusWords: Record<ConversationStatus, string> = { open: 'Reopened', pending: 'Marked pending', snoozed: 'Snoozed', done: 'Done' }

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

  /**
   * Runs one change: patch the list now, call the core, and on refusal re-read the list.
   * When the open conversation leaves the view, the next one (where the cursor landed) opens.
   */
  async function change(
    ids: number[],
    patch: (item: ConversationSummary) => Partial<ConversationSummary>,
    call: () => Promise<{ changed: number[] }>,
    done: string,
  ): Promise<boolean> {
    if (!ids.length) return false
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
      if (ids.length > 1) app.notify(`${done}: ${plural(ids.length, 'conversation')}`)
      if (openId !== null && ids.includes(openId) && conversation.openId === openId) void conversation.reload()
      return true
    } catch (error) {
      app.report(error)
      void inbox.refresh()
      return false
    }
  }

  function setStatus(status: ConversationStatus, ids: number[] = targets(), snoozedUntil?: number): Promise<boolean> {
    const input = status === 'snoozed' ? { ids, status, snoozedUntil } : { ids, status }
    return change(
      ids,
      () => ({ status, snoozedUntil: status === 'snoozed' ? (snoozedUntil ?? null) : null }),
      () => useApi().call('conversations.setStatus', input),
      statusWords[status],
    )
  }

  function assign(profileId: number | null, ids: number[] = targets()): Promise<boolean> {
    return change(
      ids,
      () => ({ assigneeId: profileId }),
      () => useApi().call('conversations.assign', { ids, profileId }),
      profileId === null ? 'Unassigned' : 'Assigned',
    )
  }

  function addTags(tagList: Tag[], ids: number[] = targets()): Promise<boolean> {
    const names = tagList.map((t) => t.name)
    return change(
      ids,
      (item) => ({ tags: [...new Set([...item.tags, ...names])].sort((a, b) => a.localeCompare(b)) }),
      () => useApi().call('conversations.addTags', { ids, tagIds: tagList.map((t) => t.id) }),
      `Tagged ${names.join(', ')}`,
    )
  }

  function removeTags(tagList: Tag[], ids: number[] = targets()): Promise<boolean> {
    const names = new Set(tagList.map((t) => t.name.toLowerCase()))
    return change(
      ids,
      (item) => ({ tags: item.tags.filter((t) => !names.has(t.toLowerCase())) }),
      () => useApi().call('conversations.removeTags', { ids, tagIds: tagList.map((t) => t.id) }),
      `Removed ${tagList.map((t) => t.name).join(', ')}`,
    )
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
    markRead,
    addNote,
  }
})
