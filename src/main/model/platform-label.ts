import type { Platform } from '../../shared/contract'

const labels: Record<Platform, string> = {
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  feed: 'RSS/Atom',
  email: 'E-mail',
  discourse: 'Discourse',
  youtube: 'YouTube',
  x: 'X',
}

/** The platform's name as people write it. */
export const platformLabel = (platform: Platform): string => labels[platform]
