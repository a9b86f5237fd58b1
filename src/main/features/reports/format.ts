import type { WeeklySummary } from '../../../shared/contract/operations-reports'

export * from '../../../shared/report-format'

/** The colour of a platform no connector describes (an account of a removed connector). */
export const NEUTRAL_COLOUR = '#7c8594'

/** A platform's label and chart colour as the summary carries them (from the connector manifests). */
export const channelLabel = (s: Pick<WeeklySummary, 'channels'>, c: string): string => s.channels[c]?.label ?? c
export const channelColour = (s: Pick<WeeklySummary, 'channels'>, c: string): string => s.channels[c]?.colour ?? NEUTRAL_COLOUR
