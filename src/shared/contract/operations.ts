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
  profileSchema,
  viewSchema,
} from './entities'
import type { OperationName } from './names'

/** Limits that keep one call from asking the core for unbounded work. */
export const limits = {
  pageSize: 200,
  draftLength: 50_000,
  demoConversations: 20_000,
} as const

const empty = z.object({}).strict()

export const operations = {
  'app.info': {
    input: empty,
    output: z.object({
      version: z.string(),
      dataDir: z.string(),
      profile: profileSchema,
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
        /** Connector-specific fields (instance, token, handle, appPassword, url, keywords). */
        fields: z.record(z.string().max(64), z.string().max(4096)).refine((f) => Object.keys(f).length <= 12, 'too many fields'),
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
    input: z.object({ platform: platformSchema, fields: z.record(z.string().max(64), z.string().max(4096)) }).strict(),
    output: z.object({ flowId: z.string(), authorizeUrl: z.string(), redirectUri: z.string(), expiresAt: z.number() }),
  },
  'accounts.cancelOAuth': { input: z.object({ flowId: z.string().max(100) }).strict(), output: z.object({ cancelled: z.boolean() }) },
} as const satisfies Record<OperationName, { input: z.ZodType; output: z.ZodType }>

export type Operations = typeof operations
export type OperationInput<N extends OperationName> = z.input<Operations[N]['input']>
export type OperationParsedInput<N extends OperationName> = z.output<Operations[N]['input']>
export type OperationOutput<N extends OperationName> = z.output<Operations[N]['output']>
