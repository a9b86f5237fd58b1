export * from '../../../shared/report-format'

export const channelNames: Record<string, string> = { mastodon: 'Mastodon', bluesky: 'Bluesky', feed: 'Feeds', email: 'Email', discourse: 'Discourse' }
export const channelLabel = (c: string): string => channelNames[c] ?? c
