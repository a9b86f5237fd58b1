import { nextTick } from 'vue'
import type { View } from '@shared/contract'
import { useAppStore } from '@renderer/stores/app'
import { useConversationStore } from '@renderer/stores/conversation'
import { useInboxStore } from '@renderer/stores/inbox'
import { useTriageStore } from '@renderer/stores/triage'
import { focusTarget } from './focus'
import { screenKeys, type OtherScreen, type ShortcutHandlers } from './shortcuts'

const screenNames: Record<OtherScreen, string> = { listening: 'Listening', rules: 'Rules', spam: 'Spam', reports: 'Reports' }

/** One action of the command palette; keys are shown as a hint (and match the shortcut sheet). */
export interface Command {
  id: string
  label: string
  group: 'Conversation' | 'Selection' | 'Go to' | 'Help'
  keys?: string[]
  run(): unknown
}

/** Focuses the top bar's search field (registered as the 'search' focus target, or #search-input). */
export function focusSearch(): boolean {
  if (focusTarget('search')) return true
  const el = document.getElementById('search-input')
  if (!(el instanceof HTMLInputElement) || el.disabled) return false
  el.focus()
  return true
}

/**
 * Adds the triage keys (e, Shift+E, n, a, t, s, x, /, g then a/p/s/m, Ctrl/Cmd+K) to the app's shortcut
 * handlers, and returns the full list of commands the palette offers, so every action has one
 * definition that both the keyboard and the palette use.
 */
export function withTriage(base: ShortcutHandlers): { handlers: ShortcutHandlers; commands: Command[] } {
  const app = useAppStore()
  const inbox = useInboxStore()
  const conversation = useConversationStore()
  const triage = useTriageStore()
  const onInbox = (): boolean => app.screen === 'inbox'
  const inInbox =
    (fn: () => unknown) =>
    (): void => {
      if (onInbox()) void fn()
    }

  const goView = (view: View) => (): void => {
    app.showScreen('inbox')
    inbox.setView(view)
  }

  async function compose(mode: 'reply' | 'note'): Promise<void> {
    if (mode === 'reply') {
      triage.composerMode = 'reply'
      return base.reply()
    }
    const id = conversation.openId ?? inbox.selectedId
    if (id === null) return
    if (conversation.openId !== id) await conversation.open(id)
    // After the composer has followed the conversation (a switch resets it to reply).
    await nextTick()
    triage.composerMode = 'note'
    await nextTick()
    if (!focusTarget('composer')) requestAnimationFrame(() => focusTarget('composer'))
  }

  const handlers: ShortcutHandlers = {
    ...base,
    reply: inInbox(() => compose('reply')),
    note: inInbox(() => compose('note')),
    back: () => {
      if (onInbox() && inbox.checked.size) inbox.clearChecked()
      else base.back()
    },
    done: inInbox(() => triage.setStatus('done')),
    reopen: inInbox(() => triage.setStatus('open')),
    assign: inInbox(() => triage.openPicker('assign')),
    tag: inInbox(() => triage.openPicker('tag')),
    snooze: inInbox(() => triage.openPicker('snooze')),
    select: inInbox(() => {
      if (inbox.selectedId !== null) inbox.toggleChecked(inbox.selectedId)
    }),
    search: () => void focusSearch(),
    palette: () => triage.openPicker('palette'),
    goApprovals: goView('needs_approval'),
    goPending: goView('pending'),
    goSnoozed: goView('snoozed'),
    goMine: goView('mine'),
  }

  const me = (): number | null => app.profile?.id ?? null
  const commands: Command[] = [
    { id: 'next', label: 'Next conversation', group: 'Conversation', keys: ['j'], run: base.next },
    { id: 'previous', label: 'Previous conversation', group: 'Conversation', keys: ['k'], run: base.previous },
    { id: 'open', label: 'Open the selected conversation', group: 'Conversation', keys: ['Enter'], run: base.open },
    { id: 'reply', label: 'Reply', group: 'Conversation', keys: ['r'], run: handlers.reply },
    { id: 'note', label: 'Add an internal note', group: 'Conversation', keys: ['n'], run: handlers.note! },
    { id: 'done', label: 'Mark done', group: 'Conversation', keys: ['e'], run: handlers.done! },
    { id: 'reopen', label: 'Reopen', group: 'Conversation', keys: ['Shift', 'E'], run: handlers.reopen! },
    { id: 'pending', label: 'Mark pending (waiting for their reply)', group: 'Conversation', run: inInbox(() => triage.setStatus('pending')) },
    { id: 'snooze', label: 'Snooze…', group: 'Conversation', keys: ['s'], run: handlers.snooze! },
    { id: 'assign', label: 'Assign…', group: 'Conversation', keys: ['a'], run: handlers.assign! },
    { id: 'assign-me', label: 'Assign to me', group: 'Conversation', run: inInbox(() => triage.assign(me())) },
    { id: 'unassign', label: 'Unassign', group: 'Conversation', run: inInbox(() => triage.assign(null)) },
    { id: 'tag', label: 'Tag…', group: 'Conversation', keys: ['t'], run: handlers.tag! },
    { id: 'read', label: 'Mark read', group: 'Conversation', run: inInbox(() => triage.markRead(true)) },
    { id: 'unread', label: 'Mark unread', group: 'Conversation', run: inInbox(() => triage.markRead(false)) },
    { id: 'select', label: 'Select or unselect the conversation', group: 'Selection', keys: ['x'], run: handlers.select! },
    {
      id: 'select-all',
      label: 'Select every loaded conversation',
      group: 'Selection',
      run: inInbox(() => {
        inbox.clearChecked()
        for (const item of inbox.items) inbox.toggleChecked(item.id)
      }),
    },
    { id: 'clear', label: 'Clear the selection', group: 'Selection', keys: ['Esc'], run: () => inbox.clearChecked() },
    { id: 'search', label: 'Search', group: 'Go to', keys: ['/'], run: handlers.search! },
    { id: 'go-inbox', label: 'Go to All (inbox)', group: 'Go to', keys: ['g', 'i'], run: base.goInbox },
    { id: 'go-unassigned', label: 'Go to Unassigned', group: 'Go to', run: goView('unassigned') },
    { id: 'go-mine', label: 'Go to Mine', group: 'Go to', keys: ['g', 'm'], run: handlers.goMine! },
    { id: 'go-approvals', label: 'Go to Needs approval', group: 'Go to', keys: ['g', 'a'], run: handlers.goApprovals! },
    { id: 'go-pending', label: 'Go to Pending', group: 'Go to', keys: ['g', 'p'], run: handlers.goPending! },
    { id: 'go-snoozed', label: 'Go to Snoozed', group: 'Go to', keys: ['g', 's'], run: handlers.goSnoozed! },
    { id: 'go-done', label: 'Go to Done', group: 'Go to', keys: ['g', 'd'], run: base.goDone },
    { id: 'go-channels', label: 'Go to Channels', group: 'Go to', keys: ['g', 'c'], run: base.goChannels },
    ...(base.goOutbox ? [{ id: 'go-outbox', label: 'Go to Outbox', group: 'Go to' as const, keys: ['g', 'o'], run: base.goOutbox }] : []),
    ...(base.goScreen
      ? (Object.keys(screenNames) as OtherScreen[]).map((screen) => ({
          id: `go-${screen}`,
          label: `Go to ${screenNames[screen]}`,
          group: 'Go to' as const,
          keys: ['g', screenKeys[screen]],
          run: () => base.goScreen!(screen),
        }))
      : []),
    { id: 'help', label: 'Keyboard shortcuts', group: 'Help', keys: ['?'], run: base.help },
  ]
  return { handlers, commands }
}
