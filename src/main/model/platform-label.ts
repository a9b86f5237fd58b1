import type { Platform } from '../../shared/contract'

const labels: Record<Platform, string> = {
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  feed: 'RSS/Atom',
  email: 'E-mail',
  discourse: 'Discourse',
  telegram: 'Telegram',
  matrix: 'Matrix',
}

/** The platform's name as people write it. */
export const platformLabel = (platform: Platform): string => labels[platform]
