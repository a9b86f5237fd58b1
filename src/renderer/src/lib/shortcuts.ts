import { onBeforeUnmount, onMounted } from 'vue'

export interface ShortcutHandlers {
  next(): void
  previous(): void
  open(): void
  back(): void
  reply(): void
  goInbox(): void
  goDone(): void
  goChannels(): void
  /** g then o: the Outbox screen. */
  goOutbox?(): void
  help(): void
  /* Triage (all optional so screens can leave them out). */
  done?(): void
  /** Shift+E */
  reopen?(): void
  note?(): void
  assign?(): void
  tag?(): void
  snooze?(): void
  /** x: tick the cursor row for a bulk action. */
  select?(): void
  /** c: request changes (in Needs approval). */
  changes?(): void
  /** /: the search field in the top bar. */
  search?(): void
  /** Ctrl/Cmd+K, even while typing. */
  palette?(): void
  goApprovals?(): void
  goPending?(): void
  goSnoozed?(): void
  goMine?(): void
  /** g then l / u / x / r: Listening, Rules, Spam, Reports. */
  goScreen?(screen: OtherScreen): void
}

export type OtherScreen = 'listening' | 'rules' | 'spam' | 'reports'
/** The second key after g for each screen beside the inbox. */
export const screenKeys: Record<OtherScreen, string> = { listening: 'l', rules: 'u', spam: 'x', reports: 'r' }

/** How long "g" waits for its second key. */
const SEQUENCE_MS = 1200

/** Typing in a field must never trigger single-key shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag !== 'INPUT') return false
  const type = (target as HTMLInputElement).type
  return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'color', 'file'].includes(type)
}

/** Maps one keydown to a handler; returns true when it was a shortcut (so the caller can preventDefault). */
export function createShortcutDispatcher(handlers: ShortcutHandlers): (event: KeyboardEvent) => boolean {
  let pendingG = 0
  return (event) => {
    if (event.defaultPrevented || event.isComposing) return false
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k' && handlers.palette) {
      if (document.querySelector('dialog[open]')) return false
      return run(handlers.palette)
    }
    // Esc always offers a way back to the list, even from the composer.
    if (event.key === 'Escape') {
      if (document.querySelector('dialog[open]')) return false
      handlers.back()
      return true
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return false
    if (isTypingTarget(event.target)) return false
    // A modal dialog (add account, confirm, cheat sheet) has the keyboard to itself.
    if (document.querySelector('dialog[open]')) return false
    const key = event.key
    const single: Record<string, (() => void) | undefined> = {
      e: handlers.done,
      E: handlers.reopen,
      n: handlers.note,
      a: handlers.assign,
      t: handlers.tag,
      s: handlers.snooze,
      x: handlers.select,
      c: handlers.changes,
      '/': handlers.search,
    }
    if (pendingG && Date.now() - pendingG < SEQUENCE_MS) {
      pendingG = 0
      if (key === 'i') return run(handlers.goInbox)
      if (key === 'd') return run(handlers.goDone)
      if (key === 'c') return run(handlers.goChannels)
      if (key === 'o' && handlers.goOutbox) return run(handlers.goOutbox)
      const more: Record<string, (() => void) | undefined> = {
        a: handlers.goApprovals,
        p: handlers.goPending,
        s: handlers.goSnoozed,
        m: handlers.goMine,
      }
      const go = more[key]
      if (go) return run(go)
      const screen = (Object.keys(screenKeys) as OtherScreen[]).find((s) => screenKeys[s] === key)
      if (screen && handlers.goScreen) return run(() => handlers.goScreen!(screen))
    }
    pendingG = 0
    switch (key) {
      case 'j':
        return run(handlers.next)
      case 'k':
        return run(handlers.previous)
      case 'Enter':
        // Enter on a focused button or link keeps its native meaning.
        if (event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement) return false
        return run(handlers.open)
      case 'r':
        return run(handlers.reply)
      case '?':
        return run(handlers.help)
      case 'g':
        pendingG = Date.now()
        return true
      default:
        return runOptional(single[key])
    }
  }
}

function run(handler: () => void): true {
  handler()
  return true
}

function runOptional(handler: (() => void) | undefined): boolean {
  return handler ? run(handler) : false
}

/** Installs the dispatcher on the window for the lifetime of the calling component. */
export function useShortcuts(handlers: ShortcutHandlers): void {
  const dispatch = createShortcutDispatcher(handlers)
  const onKey = (event: KeyboardEvent): void => {
    if (dispatch(event)) event.preventDefault()
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
