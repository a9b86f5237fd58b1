import type { ConversationKind, ConversationStatus, Platform } from '@shared/contract'

/** Display names; each platform's hue is in styles (--platform-<name>). */
export const platformNames: Record<Platform, string> = {
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  feed: 'Feed',
  email: 'Email',
  discourse: 'Discourse',
  telegram: 'Telegram',
  matrix: 'Matrix',
}

/** Label for a permalink: "Open on Mastodon"; feeds and mail are not platforms you open "on". */
export function permalinkLabel(platform: Platform | undefined): string {
  if (platform === 'feed') return 'Open the page'
  if (platform === 'email') return 'Open in mail'
  return platform ? `Open on ${platformNames[platform]}` : 'Open original'
}

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

/** Who is on the other end, mid-sentence: "Mastodon asked…", "the feed asked…". */
export const platformSources: Record<Platform, string> = {
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  feed: 'the feed',
  email: 'the mail server',
  discourse: 'the forum',
  telegram: 'Telegram',
  matrix: 'the Matrix homeserver',
}

export function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text
}
