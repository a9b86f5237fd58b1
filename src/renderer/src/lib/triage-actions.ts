import { nextTick } from 'vue'
import type { View } from '@shared/contract'
import { useAppStore } from '@renderer/stores/app'
import { useChannelsStore } from '@renderer/stores/channels'
import { useConversationStore } from '@renderer/stores/conversation'
import { useInboxStore } from '@renderer/stores/inbox'
import { usePlatformsStore } from '@renderer/stores/platforms'
import { useSearchStore } from '@renderer/stores/search'
import { useTriageStore } from '@renderer/stores/triage'
import { approvalKeys } from './approval-keys'
import { focusTarget } from './focus'
import { enableNotifications } from './notify'
import { screenKeys, type OtherScreen, type ShortcutHandlers } from './shortcuts'

const screenNames: Record<OtherScreen, string> = { listening: 'Listening', rules: 'Rules', spam: 'Spam', reports: 'Reports' }

/** One action of the command palette; keys are shown as a hint (and match the shortcut sheet). */
export interface Command {
  id: string
  label: string
  group: 'Approval' | 'Conversation' | 'Selection' | 'Go to' | 'Workspace' | 'Help'
  keys?: string[]
  /** Where the key hint holds: approval keys only in Needs approval, the triage keys they replace only elsewhere. */
  keyScope?: 'approval' | 'triage'
  /** Other words people search for it by ("spam" finds "Mark as spam"; "profile" finds "Switch profile"). */
  aliases?: string[]
  run(): unknown
}

/** Clicks a control another screen owns, once it is on screen (the top bar's profile switcher, Reports' Export). */
async function press(testid: string, focusOnly = false): Promise<void> {
  await nextTick()
  const el = document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)
  if (!el) return
  if (focusOnly) el.focus()
  else el.click()
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
 * handlers (in Needs approval a / e / c / x approve, edit, ask for changes and reject instead; Shift+E,
 * t and s rest there), and returns the full list of commands the palette offers, so every action has one
 * definition that both the keyboard and the palette use.
 */
export function withTriage(base: ShortcutHandlers): { handlers: ShortcutHandlers; commands: Command[] } {
  const app = useAppStore()
  const inbox = useInboxStore()
  const conversation = useConversationStore()
  const triage = useTriageStore()
  const onInbox = (): boolean => app.screen === 'inbox'
  /** In Needs approval, a / e / c / x decide on the selected reply instead of triaging its conversation. */
  const approvalView = (): boolean => onInbox() && inbox.view === 'needs_approval'
  const approval = approvalKeys()
  /** Triage keys that change a conversation are not active in Needs approval (the approval keys are). */
  const triageOnly =
    (fn: () => unknown) =>
    (): void => {
      if (!onInbox()) return
      if (approvalView()) app.notify('Here a approves, e edits, c asks for changes and x rejects. Tag, snooze or reopen from another view.')
      else void fn()
    }
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
    done: inInbox(() => (approvalView() ? approval.ask('edit') : triage.setStatus('done'))),
    reopen: triageOnly(() => triage.setStatus('open')),
    assign: inInbox(() => (approvalView() ? approval.approve() : triage.openPicker('assign'))),
    tag: triageOnly(() => triage.openPicker('tag')),
    snooze: triageOnly(() => triage.openPicker('snooze')),
    select: inInbox(() => {
      if (approvalView()) return void approval.ask('reject')
      if (inbox.selectedId !== null) inbox.toggleChecked(inbox.selectedId)
    }),
    changes: () => {
      if (approvalView()) void approval.ask('changes')
    },
    search: () => void focusSearch(),
    palette: () => triage.openPicker('palette'),
    goApprovals: goView('needs_approval'),
    goPending: goView('pending'),
    goSnoozed: goView('snoozed'),
    goMine: goView('mine'),
  }

  const me = (): number | null => app.profile?.id ?? null
  /** Palette commands run where they make sense: approval decisions from any screen go to Needs approval first. */
  const decide = (fn: () => Promise<void>) => async (): Promise<void> => {
    if (!approvalView()) {
      app.showScreen('inbox')
      inbox.setView('needs_approval')
    }
    await fn()
  }
  const commands: Command[] = [
    { id: 'approve', label: 'Approve the reply', group: 'Approval', keys: ['a'], keyScope: 'approval', run: decide(() => approval.approve()) },
    { id: 'edit-approve', label: 'Edit and approve the reply', group: 'Approval', keys: ['e'], keyScope: 'approval', run: decide(() => approval.ask('edit')) },
    { id: 'request-changes', label: 'Request changes to the reply', group: 'Approval', keys: ['c'], keyScope: 'approval', run: decide(() => approval.ask('changes')) },
    { id: 'reject', label: 'Reject the reply', group: 'Approval', keys: ['x'], keyScope: 'approval', run: decide(() => approval.ask('reject')) },
    { id: 'next', label: 'Next conversation', group: 'Conversation', keys: ['j'], run: base.next },
    { id: 'previous', label: 'Previous conversation', group: 'Conversation', keys: ['k'], run: base.previous },
    { id: 'open', label: 'Open the selected conversation', group: 'Conversation', keys: ['Enter'], run: base.open },
    { id: 'reply', label: 'Reply', group: 'Conversation', keys: ['r'], run: handlers.reply },
    { id: 'note', label: 'Add an internal note', group: 'Conversation', keys: ['n'], run: handlers.note! },
    // Named in the palette, these act on the conversation in every view (Needs approval included).
    { id: 'done', label: 'Mark done', group: 'Conversation', keys: ['e'], keyScope: 'triage', aliases: ['close', 'archive', 'resolve'], run: inInbox(() => triage.setStatus('done')) },
    { id: 'reopen', label: 'Reopen', group: 'Conversation', keys: ['Shift', 'E'], keyScope: 'triage', run: inInbox(() => triage.setStatus('open')) },
    { id: 'pending', label: 'Mark pending (waiting for their reply)', group: 'Conversation', run: inInbox(() => triage.setStatus('pending')) },
    { id: 'snooze', label: 'Snooze…', group: 'Conversation', keys: ['s'], keyScope: 'triage', aliases: ['later', 'remind'], run: inInbox(() => triage.openPicker('snooze')) },
    { id: 'assign', label: 'Assign…', group: 'Conversation', keys: ['a'], keyScope: 'triage', run: inInbox(() => triage.openPicker('assign')) },
    { id: 'assign-me', label: 'Assign to me', group: 'Conversation', run: inInbox(() => triage.assign(me())) },
    { id: 'unassign', label: 'Unassign', group: 'Conversation', run: inInbox(() => triage.assign(null)) },
    { id: 'tag', label: 'Tag…', group: 'Conversation', keys: ['t'], keyScope: 'triage', aliases: ['label'], run: inInbox(() => triage.openPicker('tag')) },
    { id: 'spam', label: 'Mark as spam', group: 'Conversation', aliases: ['junk'], run: inInbox(() => triage.markSpam()) },
    { id: 'read', label: 'Mark read', group: 'Conversation', run: inInbox(() => triage.markRead(true)) },
    { id: 'unread', label: 'Mark unread', group: 'Conversation', run: inInbox(() => triage.markRead(false)) },
    { id: 'select', label: 'Select or unselect the conversation', group: 'Selection', keys: ['x'], keyScope: 'triage', run: inInbox(() => inbox.selectedId !== null && inbox.toggleChecked(inbox.selectedId)) },
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
    { id: 'search', label: 'Search', group: 'Go to', keys: ['/'], aliases: ['find'], run: handlers.search! },
    {
      id: 'save-search',
      label: 'Save the search as a view',
      group: 'Go to',
      aliases: ['saved view'],
      run: () => {
        if (useSearchStore().active) return press('save-view')
        app.notify('Search first (press /), then save it as a view.')
      },
    },
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
    {
      id: 'switch-profile',
      label: 'Switch profile',
      group: 'Workspace',
      aliases: ['log in', 'sign in', 'user', 'who am i'],
      run: () => press('profile-switcher'),
    },
    {
      id: 'add-account',
      label: 'Add an account (connect a channel)',
      group: 'Workspace',
      // Every platform's id and name (from the connector manifests), read when the palette filters.
      get aliases() {
        return usePlatformsStore().list.flatMap((c) => [c.platform, c.label.toLowerCase()])
      },
      run: () => {
        app.showScreen('channels')
        useChannelsStore().addOpen = true
      },
    },
    {
      id: 'export-report',
      label: 'Export a report',
      group: 'Workspace',
      aliases: ['weekly summary', 'csv', 'pdf', 'html'],
      run: () => {
        app.showScreen('reports')
        // The format sits beside the button: focus it rather than choose for the user.
        void press('report-export', true)
      },
    },
    {
      id: 'notifications',
      label: 'Turn on desktop notifications',
      group: 'Workspace',
      aliases: ['alerts', 'notify'],
      run: () => enableNotifications(),
    },
    { id: 'help', label: 'Keyboard shortcuts', group: 'Help', keys: ['?'], aliases: ['help', 'cheat sheet'], run: base.help },
  ]
  return { handlers, commands }
}
