import type { ConversationKind, ConversationStatus } from '@shared/contract'

/* Platform names, colours and links come from the connector manifests (stores/platforms.ts). */

export const kindLabels: Record<ConversationKind, string> = {
  comment: 'Comment',
  mention: 'Mention',
  dm: 'DM',
  feed: 'Feed item',
}

export const statusLabels: Record<ConversationStatus, string> = {
  open: 'Open',
  pending: 'Pending',
  snoozed: 'Snoozed',
  done: 'Done',
}

/** "Mastodon, Bluesky and RSS/Atom": a short list in a sentence. */
export function joinWords(words: readonly string[], last: 'and' | 'or' = 'and'): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${last} ${words.at(-1)}`
}

export function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text
}
