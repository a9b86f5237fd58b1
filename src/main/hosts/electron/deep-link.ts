import { navigationTargetSchema, screenNameSchema, viewSchema, type NavigationTarget } from '../../../shared/contract'

/** The scheme Parley registers with the OS (electron-builder.yml `protocols`). */
export const DEEP_LINK_SCHEME = 'parley'

/** Longer than any link Parley makes; anything past it is refused unread. */
const MAX_LENGTH = 100

/**
 * The only two shapes accepted, matched on the raw text so nothing is decoded or normalised
 * first: `parley://conversation/ID` (ID a positive integer without leading zeros) and
 * `parley://view/NAME` (an inbox view or a screen, in lower case). No user, port, query,
 * fragment, percent-escape, dot segment or second path segment; one trailing slash is fine.
 */
const CONVERSATION = /^parley:\/\/conversation\/([1-9][0-9]{0,15})\/?$/
const VIEW = /^parley:\/\/view\/([a-z_]{1,20})\/?$/

/** A deep link as a navigation target, or null when it is anything but one of the two shapes above. */
export function parseDeepLink(raw: unknown): NavigationTarget | null {
  if (typeof raw !== 'string' || raw.length > MAX_LENGTH) return null
  // The scheme is case-insensitive (some launchers pass `Parley://`); the rest is not.
  const link = raw.slice(0, DEEP_LINK_SCHEME.length + 1).toLowerCase() + raw.slice(DEEP_LINK_SCHEME.length + 1)
  const conversation = CONVERSATION.exec(link)
  if (conversation) {
    const conversationId = Number(conversation[1])
    if (!Number.isSafeInteger(conversationId)) return null
    return navigationTargetSchema.parse({ kind: 'conversation', conversationId })
  }
  const name = VIEW.exec(link)?.[1]
  if (name === undefined) return null
  const view = viewSchema.safeParse(name)
  if (view.success) return { kind: 'view', view: view.data }
  const screen = screenNameSchema.safeParse(name)
  return screen.success ? { kind: 'screen', screen: screen.data } : null
}

/**
 * The deep link in a launch's arguments (Windows and Linux pass it on the command line, to
 * the first launch and through 'second-instance'), or null. Only a whole argument counts.
 */
export function deepLinkFromArgv(argv: readonly string[]): NavigationTarget | null {
  for (const arg of argv) {
    if (typeof arg === 'string' && arg.slice(0, DEEP_LINK_SCHEME.length + 1).toLowerCase() === `${DEEP_LINK_SCHEME}:`) return parseDeepLink(arg)
  }
  return null
}
