import { z } from 'zod'
import {
  channelAccountSchema,
  conversationDetailSchema,
  conversationSummarySchema,
  countsSchema,
  draftSchema,
  idSchema,
  messageSchema,
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
} as const satisfies Record<OperationName, { input: z.ZodType; output: z.ZodType }>

export type Operations = typeof operations
export type OperationInput<N extends OperationName> = z.input<Operations[N]['input']>
export type OperationParsedInput<N extends OperationName> = z.output<Operations[N]['input']>
export type OperationOutput<N extends OperationName> = z.output<Operations[N]['output']>
