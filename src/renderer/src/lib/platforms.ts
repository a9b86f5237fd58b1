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

export function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text
}
