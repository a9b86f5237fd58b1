import { z } from 'zod'
import {
  accountHealthSchema,
  connectorInfoSchema,
  channelAccountSchema,
  conversationDetailSchema,
  conversationSummarySchema,
  countsSchema,
  draftSchema,
  idSchema,
  messageSchema,
  platformSchema,
  sessionProfileSchema,
  viewSchema,
  trimmedString,
} from './entities'
import {
  approvalPolicySchema,
  approvalSchema,
  approvalVerdictSchema,
  auditEventSchema,
  auditVerdictSchema,
  outboxItemSchema,
  outboxStateSchema,
  profileInfoSchema,
  roleSchema,
} from './entities'
import type { OperationName } from './names'
import { replyEnvelopeSchema } from './mentions'
import { triageOperations } from './operations-triage'
import { peopleOperations } from './operations-people'
import { listeningOperations } from './operations-listening'
import { reportsOperations } from './operations-reports'
import { systemOperations } from './operations-system'
import { teamOperations } from './operations-team'
import { exportOperations } from './operations-export'
import { coverageOperations } from './operations-coverage'


/** Limits that keep one call from asking the core for unbounded work. */
export const limits = {
  pageSize: 200,
  draftLength: 50_000,
  demoConversations: 20_000,
  noteLength: 2_000,
  passphraseMin: 8,
  passphraseMax: 1_024,
  connectorFields: 12,
} as const

/** Connector-specific fields (instance, token, handle, appPassword, url, keywords). */
const connectorFieldsSchema = z
  .record(z.string().max(64), z.string().max(4096))
  .refine((f) => Object.keys(f).length <= limits.connectorFields, `at most ${limits.connectorFields} fields`)

const empty = z.object({}).strict()

export const themeSchema = z.enum(['system', 'light', 'dark'], { error: 'The theme is system, light or dark.' })
export type Theme = z.infer<typeof themeSchema>
export const preferencesSchema = z.object({ theme: themeSchema }).strict()
export type Preferences = z.infer<typeof preferencesSchema>

/** A new passphrase; the messages are what a person reads under the field. */
const passphrase = z
  .string({ error: 'Enter a passphrase.' })
  .min(limits.passphraseMin, { error: `A passphrase needs at least ${limits.passphraseMin} characters.` })
  .max(limits.passphraseMax, { error: `A passphrase can have at most ${limits.passphraseMax} characters.` })
/** A passphrase typed to prove who you are (checked against the stored hash, so no minimum here). */
const enteredPassphrase = z
  .string({ error: 'Enter the passphrase.' })
  .min(1, { error: 'Enter the passphrase.' })
  .max(limits.passphraseMax, { error: `A passphrase can have at most ${limits.passphraseMax} characters.` })
const profileName = trimmedString(80).min(1, { error: 'A person needs a name.' })

export const operations = {
  'app.info': {
    input: empty,
    output: z.object({
      version: z.string(),
      dataDir: z.string(),
      // locked and hasPassphrase are always sent; optional so a window built before them still reads the info.
      profile: sessionProfileSchema.partial({ hasPassphrase: true, locked: true }),
      isEmpty: z.boolean(),
      hasDemo: z.boolean(),
    }),
  },
  'workspace.loadDemo': {
    input: z
      .object({ conversations: z.number().int().min(1).max(limits.demoConversations).optional() })
      .strict(),
    output: z.object({ conversations: z.number().int(), messages: z.number().int() }),
  },
  'views.counts': { input: empty, output: countsSchema },
  'accounts.list': { input: empty, output: z.array(channelAccountSchema) },
  'conversations.list': {
    input: z
      .object({
        view: viewSchema,
        accountId: idSchema.optional(),
        cursor: z.string().max(100).nullable().optional(),
        limit: z.number().int().min(1).max(limits.pageSize).default(50),
      })
      .strict(),
    output: z.object({ items: z.array(conversationSummarySchema), nextCursor: z.string().nullable() }),
  },
  'conversations.get': {
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ conversation: conversationDetailSchema, messages: z.array(messageSchema) }),
  },
  'conversations.markRead': {
    input: z.object({ id: idSchema, read: z.boolean() }).strict(),
    output: z.object({ id: idSchema, unread: z.boolean() }),
  },
  'drafts.get': {
    input: z.object({ conversationId: idSchema }).strict(),
    output: draftSchema.nullable(),
  },
  'drafts.save': {
    input: z.object({ conversationId: idSchema, body: z.string().max(limits.draftLength) }).strict(),
    output: draftSchema,
  },
  'connectors.list': { input: empty, output: z.array(connectorInfoSchema) },
  'vault.describe': {
    input: empty,
    output: z.object({ kind: z.enum(['keychain', 'file', 'none']), description: z.string(), available: z.boolean(), problem: z.string().nullable() }),
  },
  'accounts.add': {
    input: z
      .object({
        platform: platformSchema,
        fields: connectorFieldsSchema,
      })
      .strict(),
    output: channelAccountSchema,
  },
  'accounts.remove': {
    input: z.object({ id: idSchema, deleteData: z.boolean().default(false) }).strict(),
    output: z.object({ id: idSchema, secretsRemoved: z.boolean(), dataRemoved: z.boolean() }),
  },
  'accounts.pause': { input: z.object({ id: idSchema }).strict(), output: channelAccountSchema },
  'accounts.resume': { input: z.object({ id: idSchema }).strict(), output: channelAccountSchema },
  'accounts.pollNow': { input: z.object({ id: idSchema }).strict(), output: z.object({ id: idSchema }) },
  'accounts.health': { input: z.object({ id: idSchema.optional() }).strict(), output: z.array(accountHealthSchema) },
  /** Starts an OAuth 2 authorization-code flow with PKCE; the UI opens authorizeUrl in the system browser. */
  'accounts.beginOAuth': {
    input: z.object({ platform: platformSchema, fields: connectorFieldsSchema }).strict(),
    output: z.object({ flowId: z.string(), authorizeUrl: z.string(), redirectUri: z.string(), expiresAt: z.number() }),
  },
  'accounts.cancelOAuth': { input: z.object({ flowId: z.string().max(100) }).strict(), output: z.object({ cancelled: z.boolean() }) },
  'profiles.list': { input: empty, output: z.array(profileInfoSchema) },
  /** The profile this session works as (every action is attributed to it), and whether it is still locked. */
  'profiles.current': { input: empty, output: sessionProfileSchema },
  /** Admins only. Supervisors and admins need a passphrase (stored as a salted scrypt hash). */
  'profiles.create': {
    input: z
      .object({
        name: profileName,
        role: roleSchema,
        passphrase: passphrase.optional(),
      })
      .strict(),
    output: profileInfoSchema,
  },
  /** Switching to a supervisor or admin needs its passphrase; without it they stay locked. */
  'profiles.switch': {
    input: z.object({ profileId: idSchema, passphrase: enteredPassphrase.optional() }).strict(),
    output: sessionProfileSchema,
  },
  /**
   * Your own passphrase (changing one needs currentPassphrase), or anyone's when you are an
   * unlocked admin. Setting your own first passphrase unlocks you.
   */
  'profiles.setPassphrase': {
    input: z.object({ profileId: idSchema, passphrase, currentPassphrase: enteredPassphrase.optional() }).strict(),
    output: profileInfoSchema,
  },
  /** How Parley looks on this computer: the theme follows the system, or is always light or dark. */
  'preferences.get': { input: empty, output: preferencesSchema },
  'preferences.set': { input: preferencesSchema.partial().strict(), output: preferencesSchema },
  /** Unlocks the session's supervisor or admin (Parley starts locked on them). */
  'profiles.unlock': { input: z.object({ passphrase: enteredPassphrase }).strict(), output: sessionProfileSchema },
  'policy.get': { input: empty, output: approvalPolicySchema },
  /** Admins only. */
  'policy.set': { input: approvalPolicySchema, output: approvalPolicySchema },
  /** What policy says about a reply the current profile would send (the composer shows it before submit). */
  'policy.evaluate': {
    input: z.object({ conversationId: idSchema, body: z.string().max(limits.draftLength) }).strict(),
    output: approvalVerdictSchema,
  },
  /** What the text of a reply in this conversation must contain for the platform to deliver it (shown in the composer). */
  'approvals.envelope': {
    input: z.object({ conversationId: idSchema }).strict(),
    output: replyEnvelopeSchema,
  },
  /** Submits the current profile's draft: pending approval, or straight to the outbox when policy exempts it. */
  'approvals.submit': {
    input: z.object({ conversationId: idSchema, inReplyTo: z.string().min(1).max(200).optional() }).strict(),
    output: z.object({ verdict: approvalVerdictSchema, approval: approvalSchema.nullable(), outboxItem: outboxItemSchema.nullable() }),
  },
  /** bodyHash: the hash of the text the approver saw; a later edit changes it and the approval is refused. */
  'approvals.approve': {
    input: z.object({ approvalId: z.string().min(1).max(64), bodyHash: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    output: z.object({ approval: approvalSchema, outboxItem: outboxItemSchema.nullable() }),
  },
  'approvals.editAndApprove': {
    input: z
      .object({ approvalId: z.string().min(1).max(64), bodyHash: z.string().regex(/^[0-9a-f]{64}$/), body: trimmedString(limits.draftLength).min(1) })
      .strict(),
    output: z.object({ approval: approvalSchema, outboxItem: outboxItemSchema.nullable() }),
  },
  'approvals.requestChanges': {
    input: z.object({ approvalId: z.string().min(1).max(64), note: trimmedString(limits.noteLength).min(1) }).strict(),
    output: approvalSchema,
  },
  'approvals.reject': {
    input: z.object({ approvalId: z.string().min(1).max(64), note: trimmedString(limits.noteLength).min(1) }).strict(),
    output: approvalSchema,
  },
  /** The Needs approval queue (pending, oldest first), or every approval of one conversation. */
  'approvals.list': {
    input: z
      .object({ conversationId: idSchema.optional(), status: z.enum(['pending', 'all']).default('pending'), limit: z.number().int().min(1).max(limits.pageSize).default(100) })
      .strict(),
    output: z.array(approvalSchema),
  },
  'outbox.list': {
    input: z
      .object({ conversationId: idSchema.optional(), states: z.array(outboxStateSchema).max(6).optional(), limit: z.number().int().min(1).max(limits.pageSize).default(100) })
      .strict(),
    output: z.array(outboxItemSchema),
  },
  /**
   * Undo: any time before the send starts. reopenApproval: its approver takes the approval back, so the
   * request waits in Needs approval again (instead of being voided and needing a new submission).
   */
  'outbox.cancel': { input: z.object({ id: z.string().min(1).max(64), reopenApproval: z.boolean().optional() }).strict(), output: outboxItemSchema },
  /** A failed reply, again (same idempotency key). */
  'outbox.retry': { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: outboxItemSchema },
  /** Send a reply held for new activity in its thread anyway. */
  'outbox.release': { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: outboxItemSchema },
  /** The user checked the platform: it was sent, or send it again (same idempotency key). */
  'outbox.resolveUnconfirmed': {
    input: z.object({ id: z.string().min(1).max(64), resolution: z.enum(['sent', 'resend']) }).strict(),
    output: outboxItemSchema,
  },
  'audit.list': {
    input: z.object({ conversationId: idSchema, limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    output: z.array(auditEventSchema),
  },
  'audit.verify': { input: empty, output: auditVerdictSchema },
  /** JSON lines, one event per line, oldest first (the whole chain, or one conversation's events). */
  'audit.export': {
    input: z.object({ conversationId: idSchema.optional() }).strict(),
    output: z.object({ lines: z.string(), count: z.number().int() }),
  },
  ...triageOperations,
  ...peopleOperations,
  ...listeningOperations,
  ...reportsOperations,
  ...systemOperations,
  ...exportOperations,
  ...teamOperations,
  ...coverageOperations,
} as const satisfies Record<OperationName, { input: z.ZodType; output: z.ZodType }>

export type Operations = typeof operations
export type OperationInput<N extends OperationName> = z.input<Operations[N]['input']>
export type OperationParsedInput<N extends OperationName> = z.output<Operations[N]['input']>
export type OperationOutput<N extends OperationName> = z.output<Operations[N]['output']>
