import { z } from 'zod'
import { idSchema, platformSchema } from './entities'

const empty = z.object({}).strict()
const at = z.number()

/**
 * A stretch Parley knows it was not reading a stream: a platform's cooldown (429), an outage (the
 * platform or the network failing), a token that stopped working, the platform saying it could not
 * return everything, or a backfill limit (the platform keeps only so many days).
 */
export const coverageGapKindSchema = z.enum(['cooldown', 'outage', 'auth', 'platform', 'backfill_limit'])
export const coverageGapSchema = z.object({
  kind: coverageGapKindSchema,
  from: at,
  /** Null while it lasts. */
  to: at.nullable(),
  /** 'caught_up': the next poll read everything since; 'lost': items from it may be missing; null while it lasts. */
  outcome: z.enum(['caught_up', 'lost']).nullable(),
  /** The platform's words or Parley's (no secrets), or null. */
  detail: z.string().nullable(),
})
export type CoverageGap = z.infer<typeof coverageGapSchema>

/** One thing a person can check about a silence, and what Parley already knows of it. */
export const coverageCauseSchema = z.object({
  key: z.enum(['token', 'paused', 'empty_pages', 'failing', 'rate_limited', 'reconnect']),
  text: z.string(),
  /** 'likely': the facts point at it; 'ruled_out': the facts say no; 'check': only the person can tell. */
  status: z.enum(['likely', 'ruled_out', 'check']),
})
export type CoverageCause = z.infer<typeof coverageCauseSchema>

/** A silence alarm (a stream quiet for longer than usual) or an account problem (needs reconnect). */
export const coverageAlertSchema = z.object({
  id: idSchema,
  kind: z.enum(['silence', 'account']),
  accountId: idSchema,
  accountName: z.string(),
  platform: platformSchema,
  /** Null for the whole account. */
  stream: z.string().nullable(),
  streamLabel: z.string().nullable(),
  /** When the quiet spell or the problem began; when the alarm was raised; when it ended (null: still on). */
  since: at,
  raisedAt: at,
  resolvedAt: at.nullable(),
  title: z.string(),
  body: z.string(),
  causes: z.array(coverageCauseSchema),
})
export type CoverageAlert = z.infer<typeof coverageAlertSchema>

/**
 * What a stream has covered. Rates are items per hour for each hour of the week, Monday 00:00 first,
 * in the workspace's time zone, learned from the items Parley received since learnedSince.
 */
export const streamCoverageSchema = z.object({
  accountId: idSchema,
  stream: z.string(),
  label: z.string(),
  state: z.enum(['ok', 'learning', 'quiet', 'silent', 'failing', 'paused', 'needs_reconnect']),
  /** Read without a gap that lost items from coveredSince up to coveredUntil (the last good poll). */
  coveredSince: at.nullable(),
  coveredUntil: at.nullable(),
  lastItemAt: at.nullable(),
  lastReceivedAt: at.nullable(),
  usualRate: z.array(z.number().nonnegative()).length(168),
  learnedItems: z.number().int().nonnegative(),
  learnedSince: at.nullable(),
  /** The usual time between items at this hour of the week; null when the stream is usually quiet now or has no history. */
  usualGapMs: z.number().nonnegative().nullable(),
  /** How many items would usually have come since the last one. */
  expectedSinceLast: z.number().nonnegative(),
  /** The platform's own limit on how far back this stream can be read, in days (from the connector's manifest). */
  backfillLimitDays: z.number().positive().nullable(),
  gaps: z.array(coverageGapSchema),
  alert: coverageAlertSchema.nullable(),
})
export type StreamCoverage = z.infer<typeof streamCoverageSchema>

export const coverageSummarySchema = z.object({
  /** 'ok': every stream covered; 'attention': a stream is quiet or learning is failing; 'problem': an account needs reconnecting. */
  state: z.enum(['none', 'ok', 'attention', 'problem']),
  streams: z.number().int().nonnegative(),
  silent: z.number().int().nonnegative(),
  failing: z.number().int().nonnegative(),
  needsReconnect: z.number().int().nonnegative(),
  /** One plain sentence for the top bar's tooltip. */
  text: z.string(),
})
export type CoverageSummary = z.infer<typeof coverageSummarySchema>

export const silenceSettingsSchema = z
  .object({
    enabled: z.boolean(),
    /** A stream is silent when it has been quiet for this many of its usual gaps (learned per hour of the week)… */
    gaps: z.number().min(2).max(50),
    /** …and at least this long, so a busy stream's short pause never alarms. */
    floorMinutes: z.number().int().min(15).max(7 * 24 * 60),
  })
  .strict()
export type SilenceSettings = z.infer<typeof silenceSettingsSchema>

/** Operations of coverage. Spread into `operations`; names go in names-coverage.ts. */
export const coverageOperations = {
  /** Every stream of every connected account (or one account's), with the top bar's summary. */
  'coverage.list': {
    input: z.object({ accountId: idSchema.optional() }).strict(),
    output: z.object({ timeZone: z.string(), streams: z.array(streamCoverageSchema), summary: coverageSummarySchema }),
  },
  /** Open alerts for the acting profile; unseen: told and not yet acknowledged by this profile. */
  'coverage.alerts': {
    input: empty,
    output: z.object({ alerts: z.array(coverageAlertSchema.extend({ unseen: z.boolean() })) }),
  },
  /** The acting profile has seen these alerts (all open ones when ids is omitted); a daily reminder comes again if still unfixed. */
  'coverage.acknowledge': {
    input: z.object({ ids: z.array(idSchema).max(500).optional() }).strict(),
    output: z.object({ seen: z.number().int().nonnegative() }),
  },
  'coverage.getSettings': { input: empty, output: silenceSettingsSchema },
  /** Supervisors and admins only. */
  'coverage.setSettings': { input: silenceSettingsSchema, output: silenceSettingsSchema },
} as const

/** Events of coverage; spread into `events`. */
export const coverageEvents = {
  /** An alert told to these profiles now (the first time, or the daily reminder of an unfixed account). */
  'coverage.alert': coverageAlertSchema.extend({ profileIds: z.array(idSchema) }),
  /** A stream's coverage or the set of open alerts changed: screens re-read coverage.list / coverage.alerts. */
  'coverage.changed': z.object({}),
} as const
