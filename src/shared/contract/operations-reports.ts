import { z } from 'zod'
import { idSchema } from './entities'

/** An ISO week such as 2026-W47 (week-numbering year, two-digit week). */
export const isoWeekSchema = z.string().regex(/^\d{4}-W\d{2}$/, 'a week is written like 2026-W47')
export const reportFormatSchema = z.enum(['html', 'pdf', 'csv', 'json'])
export type ReportFormat = z.infer<typeof reportFormatSchema>

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time is written HH:MM')
/** One weekday's business hours; null means closed all day. */
export const businessDaySchema = z
  .object({ start: hhmm, end: hhmm })
  .strict()
  .refine((d) => d.start < d.end, { message: 'business hours must end after they start' })
  .nullable()
/** Monday first, seven entries (ISO weekday order). */
export const businessHoursSchema = z.array(businessDaySchema).length(7)
export type BusinessHours = z.infer<typeof businessHoursSchema>

export const reportSettingsSchema = z.object({
  /** IANA zone name; null follows the system's. */
  timeZone: z.string().min(1).max(64).nullable(),
  /** Null when business hours are not set (no business-hours variants then). */
  businessHours: businessHoursSchema.nullable(),
  autoExport: z
    .object({
      enabled: z.boolean(),
      /** Absolute folder the Monday export writes into. */
      folder: z.string().max(4096).nullable(),
      formats: z.array(reportFormatSchema).min(1).max(4),
    })
    .strict(),
})
export type ReportSettings = z.infer<typeof reportSettingsSchema>

const count = z.number().int().nonnegative()
const ms = z.number().nonnegative().nullable()
const named = z.object({ name: z.string(), count })

const sentimentSchema = z.object({ negative: count, neutral: count, positive: count, unknown: count })

/** A written rule for the cases a metric could count more than one way (notes, automatic replies, reopened conversations). */
export const metricRuleSchema = z.object({ key: z.string(), title: z.string(), text: z.string() })
/** A metric's definition with the rules it applies, shown side by side on the Reports screen and in its drill-down. */
export const metricDefinitionSchema = z.object({ key: z.string(), title: z.string(), text: z.string(), rules: z.array(metricRuleSchema).optional() })
export type MetricDefinition = z.infer<typeof metricDefinitionSchema>

/** Headline numbers, also given for the previous week so every one shows its change. */
export const reportHeadlineSchema = z.object({
  received: count,
  repliesSent: count,
  responseRate: z.number().nullable(),
  firstResponseMedianMs: ms,
  firstResponseP90Ms: ms,
  approvalWaitMedianMs: ms,
  backlogOpen: count,
})
export type ReportHeadline = z.infer<typeof reportHeadlineSchema>

const conversationRefSchema = z.object({
  id: idSchema,
  channel: z.string(),
  kind: z.string(),
  author: z.string(),
  title: z.string(),
  messages: count,
  waitingSince: z.number().nullable(),
})

export const weeklySummarySchema = z.object({
  week: isoWeekSchema,
  timeZone: z.string(),
  /** Epoch ms of Monday 00:00 and of the next Monday 00:00 in timeZone. */
  start: z.number(),
  end: z.number(),
  generatedAt: z.number(),
  previousWeek: isoWeekSchema,
  headline: reportHeadlineSchema,
  previous: reportHeadlineSchema,
  days: z.array(z.object({ date: z.string(), start: z.number(), received: count, repliesSent: count, byChannel: z.record(z.string(), count) })),
  receivedByChannel: z.array(named),
  receivedByKind: z.array(named),
  responseRate: z.object({ eligible: count, responded: count, rate: z.number().nullable() }),
  firstResponse: z.object({
    answered: count,
    unanswered: count,
    medianMs: ms,
    p90Ms: ms,
    /** Only when business hours are set. */
    businessHours: z.object({ medianMs: ms, p90Ms: ms }).nullable(),
    byDay: z.array(z.object({ date: z.string(), medianMs: ms, p90Ms: ms })),
  }),
  approvals: z.object({
    submitted: count,
    decided: count,
    pending: count,
    medianWaitMs: ms,
    p90WaitMs: ms,
    sentBack: count,
    rejected: count,
    sentBackOrRejectedShare: z.number().nullable(),
  }),
  profiles: z.array(z.object({ profileId: idSchema, name: z.string(), replies: count, actions: count, conversations: count })),
  sentiment: z.object({ current: sentimentSchema, previous: sentimentSchema }),
  topTags: z.array(named),
  topics: z.array(named),
  backlog: z.object({ open: count, oldestWaitingSince: z.number().nullable() }),
  notable: z.object({ mostActive: z.array(conversationRefSchema), longestWaiting: z.array(conversationRefSchema) }),
  definitions: z.array(metricDefinitionSchema),
  /** Every platform the summary names, with its label and chart colour from its connector's manifest. */
  channels: z.record(z.string(), z.object({ label: z.string(), colour: z.string() })),
})
export type WeeklySummary = z.infer<typeof weeklySummarySchema>

/**
 * The figures that open to the conversations behind them. `key` narrows some of them:
 * received: `channel:<platform>`, `kind:<kind>`, `day:<YYYY-MM-DD>`, `sentiment:<negative|neutral|positive|unknown>`;
 * repliesSent, needsReply, responded, firstResponse, unanswered: `day:<YYYY-MM-DD>` (for the waits: the day first asked); approvals: submitted (default), decided, pending, sentBack, rejected;
 * profile: the profile's id; tag and topic: the name.
 */
export const drillMetricSchema = z.enum(['received', 'repliesSent', 'needsReply', 'responded', 'firstResponse', 'unanswered', 'approvals', 'profile', 'sentiment', 'tag', 'topic', 'backlog'])
export type DrillMetric = z.infer<typeof drillMetricSchema>

const drillMessageSchema = z.object({ id: idSchema, at: z.number(), author: z.string(), text: z.string() })

/** The two messages a wait is measured between, and the wait on the clock and in business hours. */
export const responsePairSchema = z.object({
  asked: drillMessageSchema,
  /** Null while unanswered (the wait then runs to the cut-off or the week's end). */
  reply: drillMessageSchema.nullable(),
  waitMs: ms,
  /** Null when business hours are not set. */
  businessMs: ms,
  /** In the workspace's zone: "Fri 18:02 → Mon 09:40, 40 min in business hours (2 d 16 h on the clock)". */
  explanation: z.string(),
})
export type ResponsePair = z.infer<typeof responsePairSchema>

export const drillRowSchema = z.object({
  conversation: z.object({ id: idSchema, channel: z.string(), kind: z.string(), author: z.string(), title: z.string() }),
  /** This conversation's share of the figure (items, replies, matches, actions), when the figure is a count of things. */
  count: count.nullable(),
  /** One line more: an approval's status and wait, a profile's replies and actions. */
  detail: z.string().nullable(),
  pair: responsePairSchema.nullable(),
})
export type DrillRow = z.infer<typeof drillRowSchema>

export const reportDrillSchema = z.object({
  week: isoWeekSchema,
  metric: drillMetricSchema,
  key: z.string().nullable(),
  /** "Items received on Mastodon", "First response time". */
  title: z.string(),
  /** What the list adds up to: the figure on the screen (a count of items or of conversations). */
  total: count,
  /** What the total counts ("items", "conversations", "approval requests"). */
  unit: z.string(),
  /** The definitions behind the figure, each with its rules. */
  definitions: z.array(metricDefinitionSchema),
  /** "Mon–Fri 09:00–17:00 (UTC)" when business hours are set. */
  businessHours: z.string().nullable(),
  rows: z.array(drillRowSchema),
  /** True when the list stops at its limit before the total. */
  truncated: z.boolean(),
})
export type ReportDrill = z.infer<typeof reportDrillSchema>

/** Operations of weekly summaries and exports. Spread into `operations`; names go in names-reports.ts. */
export const reportsOperations = {
  /** The summary of one ISO week (default: the last full week in the workspace's time zone). */
  'reports.weekly': {
    input: z.object({ week: isoWeekSchema.optional() }).strict(),
    output: weeklySummarySchema,
  },
  /** One export as file content: text for html, csv and json, base64 for pdf. CSV is two files (conversations, days). */
  'reports.export': {
    input: z.object({ week: isoWeekSchema.optional(), format: reportFormatSchema }).strict(),
    output: z.object({
      week: isoWeekSchema,
      files: z.array(z.object({ name: z.string(), mediaType: z.string(), encoding: z.enum(['utf8', 'base64']), content: z.string() })),
    }),
  },
  /** The conversations behind one figure of a week's summary, with the message pairs behind each wait. */
  'reports.drill': {
    input: z.object({ week: isoWeekSchema.optional(), metric: drillMetricSchema, key: z.string().min(1).max(200).optional() }).strict(),
    output: reportDrillSchema,
  },
  'reports.getSettings': { input: z.object({}).strict(), output: reportSettingsSchema },
  'reports.setSettings': { input: reportSettingsSchema.partial().strict(), output: reportSettingsSchema },
} as const
