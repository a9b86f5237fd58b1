import type { NotificationConstructorOptions } from 'electron'
import type { EventName, EventPayload, Profile } from '../../../shared/contract'
import type { DesktopSettings, NoticeKind } from './desktop-settings'

export interface Notice {
  kind: NoticeKind
  /** Repeats of the same news (the outbox re-announces states) are shown once. */
  key: string
  title: string
  body: string
  /** What a click opens: the conversation, or (null) the Channels screen, where coverage alerts are listed. */
  conversationId: number | null
}

export interface NoticeContext {
  me: Profile | null
  /** A window exists: its page shows approval and tracked-topic notifications itself, so the shell does not double them. */
  windowOpen: boolean
  /** The window has focus: the person sees their reply leave, no notification needed. */
  windowFocused: boolean
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/**
 * The native notification a core event deserves, or null. Alerts (tracked topics, rules,
 * silent streams and accounts to reconnect) and approvals waiting are told while Parley runs without a window; replies sent
 * or failed are told whenever the window is not in front. Channel text is plain text.
 */
export function noticeFor(name: EventName, payload: unknown, context: NoticeContext): Notice | null {
  if (name === 'listening.alert') {
    const alert = payload as EventPayload<'listening.alert'>
    if (!alert.notify || context.windowOpen) return null
    return {
      kind: 'alerts',
      key: `alert:${alert.topicId ?? 'rule'}:${alert.messageId}`,
      title: alert.ruleName ? `Rule '${clip(alert.ruleName, 60)}'` : `Tracked: ${clip(alert.topicName, 60)}`,
      body: clip(`${alert.authorName}: ${alert.text}`, 200),
      conversationId: alert.conversationId,
    }
  }
  if (name === 'coverage.alert') {
    // Told to the profiles named; the page shows it itself while a window is open.
    const alert = payload as EventPayload<'coverage.alert'>
    if (context.windowOpen || !context.me || !alert.profileIds.includes(context.me.id)) return null
    return {
      kind: 'alerts',
      key: `coverage:${alert.id}:${Math.floor(Date.now() / 86_400_000)}`,
      title: clip(alert.title, 90),
      body: clip(alert.body, 200),
      conversationId: null,
    }
  }
  if (name === 'approvals.changed') {
    const change = payload as EventPayload<'approvals.changed'>
    const me = context.me
    const approver = me?.role === 'supervisor' || me?.role === 'admin'
    if (change.kind !== 'submitted' || !approver || context.windowOpen || me.id === change.authorId || me.id === change.decidedBy) return null
    return {
      kind: 'approvals',
      key: `approval:${change.approvalId}:${change.kind}`,
      title: 'Reply waiting for your approval',
      body: change.summary ? `“${change.summary}”` : 'Open Parley to review it.',
      conversationId: change.conversationId,
    }
  }
  if (name === 'outbox.changed') {
    const item = payload as EventPayload<'outbox.changed'>
    if (context.windowFocused) return null
    const words = { sent: ['Reply sent', 'Your reply was posted.'], failed: ['A reply could not be sent', 'Open the conversation to retry or edit it.'], unconfirmed: ['A reply may not have been sent', 'The channel did not confirm it; open the conversation to check.'] } as const
    const said = item.state in words ? words[item.state as keyof typeof words] : null
    if (!said) return null
    return { kind: 'replies', key: `reply:${item.itemId}:${item.state}`, title: said[0], body: said[1], conversationId: item.conversationId }
  }
  return null
}

export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown
  show(): void
}

export interface NotifierParts {
  /** Linux notification servers read the body as markup: channel text there is escaped so a `<a href>` in a post stays text. */
  markupBody: boolean
  isSupported(): boolean
  create(options: NotificationConstructorOptions): NotificationLike
  settings(): Pick<DesktopSettings, 'notify'>
  context(): NoticeContext
  /** Brings the window forward on the conversation. */
  openConversation(conversationId: number): void
  /** Brings the window forward on the Channels screen (coverage alerts). */
  openChannels(): void
}

/**
 * Turns core events into native notifications, each kind behind its switch in the
 * Settings menu. The OS's Do Not Disturb / Focus holds them back (Electron's
 * notifications go through the system's notification centre).
 */
export function createNotifier(parts: NotifierParts): (name: EventName, payload: unknown) => Notice | null {
  const told = new Set<string>()
  return (name, payload) => {
    const notice = noticeFor(name, payload, parts.context())
    if (!notice || !parts.settings().notify[notice.kind] || told.has(notice.key) || !parts.isSupported()) return null
    told.add(notice.key)
    if (told.size > 5000) told.delete(told.values().next().value!)
    const body = parts.markupBody ? notice.body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : notice.body
    const shown = parts.create({ title: notice.title, body, silent: false })
    shown.on('click', () => (notice.conversationId === null ? parts.openChannels() : parts.openConversation(notice.conversationId)))
    shown.show()
    return notice
  }
}
