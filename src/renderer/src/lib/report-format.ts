/** How the Reports screen prints numbers: the same rules as the exported reports (src/shared/report-format.ts). */
import type { WeeklySummary } from '@shared/contract/operations-reports'

export * from '@shared/report-format'

/** A platform's label and chart colour as the summary carries them (from the connector manifests). */
export type ReportChannels = WeeklySummary['channels']
export const channelLabel = (channels: ReportChannels, id: string): string => channels[id]?.label ?? id
export const channelColour = (channels: ReportChannels, id: string): string => channels[id]?.colour ?? 'var(--text-faint)'
