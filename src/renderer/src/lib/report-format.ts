/** How the Reports screen prints numbers: the same rules as the exported reports (src/shared/report-format.ts). */
export * from '@shared/report-format'

export const channelNames: Record<string, string> = { mastodon: 'Mastodon', bluesky: 'Bluesky', feed: 'Feeds', email: 'Email', discourse: 'Discourse' }
