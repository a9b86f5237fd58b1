import { z } from 'zod'
import {
  approvalSchema,
  auditEventSchema,
  conversationKindSchema,
  conversationStatusSchema,
  idSchema,
  messageDirectionSchema,
  outboxItemSchema,
  platformSchema,
  profileSchema,
} from './entities'
import { replyFactsSchema } from './reply-limits'

export const conversationExportFormatSchema = z.enum(['html', 'pdf', 'json'])
export type ConversationExportFormat = z.infer<typeof conversationExportFormatSchema>

/** The version tag every exported JSON document carries; a change of shape gets a new number. */
export const CONVERSATION_EXPORT_SCHEMA = 'parley.conversation-export/1'

/** One message of the thread as exported; channel text is untrusted and kept as the platform sent it. */
export const exportedMessageSchema = z.object({
  id: idSchema,
  remoteId: z.string().nullable(),
  parentRemoteId: z.string().nullable(),
  direction: messageDirectionSchema,
  /** True for internal notes: seen only inside Parley, never sent to the platform. */
  internal: z.boolean(),
  /** True for the post a comment thread hangs on (shown above the thread). */
  isContext: z.boolean(),
  author: z.object({ name: z.string(), handle: z.string(), profileUrl: z.string().nullable() }),
  text: z.string(),
  createdAt: z.number(),
  editedAt: z.number().nullable(),
  deletedAt: z.number().nullable(),
  permalink: z.string().nullable(),
})

/** The whole record of one conversation; documented in docs/export-conversation.md. */
export const conversationExportSchema = z.object({
  schema: z.literal(CONVERSATION_EXPORT_SCHEMA),
  exportedAt: z.number(),
  exportedBy: profileSchema,
  /** The workspace's zone: the HTML and PDF show times in it; the JSON keeps epoch milliseconds. */
  timeZone: z.string(),
  includesInternalNotes: z.boolean(),
  conversation: z.object({
    id: idSchema,
    kind: conversationKindSchema,
    status: conversationStatusSchema,
    subject: z.string().nullable(),
    authorName: z.string(),
    authorHandle: z.string(),
    createdAt: z.number(),
    lastActivityAt: z.number(),
    firstReplyAt: z.number().nullable(),
    tags: z.array(z.string()),
    assignee: profileSchema.nullable(),
  }),
  channel: z.object({ accountId: idSchema, platform: platformSchema, platformLabel: z.string(), displayName: z.string(), handle: z.string(), baseUrl: z.string() }).nullable(),
  messages: z.array(exportedMessageSchema),
  approvals: z.array(approvalSchema),
  outbox: z.array(outboxItemSchema),
  audit: z.array(auditEventSchema),
  /** Every profile the audit trail names by id, so a reader can put names to them. */
  people: z.array(profileSchema),
})
export type ConversationExport = z.infer<typeof conversationExportSchema>

export const exportFileSchema = z.object({ name: z.string(), mediaType: z.string(), encoding: z.enum(['utf8', 'base64']), content: z.string() })

/** Operations of the per-conversation export and the reply facts. Spread into `operations`; names in names-export.ts. */
export const exportOperations = {
  /** One conversation as file content in one format: text for html and json, base64 for pdf. */
  'conversations.export': {
    input: z.object({ id: idSchema, format: conversationExportFormatSchema, includeNotes: z.boolean().default(true) }).strict(),
    output: z.object({ files: z.array(exportFileSchema) }),
  },
  /**
   * One attachment of a message, fetched from the platform now (Parley keeps none): a download only.
   * The name carries no path; the media type is always application/octet-stream, so the sender's
   * declared type never makes the file open or render anywhere.
   */
  'messages.attachment': {
    input: z.object({ messageId: idSchema, index: z.number().int().min(0).max(9_999) }).strict(),
    output: exportFileSchema,
  },
  /** What the platform allows for a reply in this conversation: its length rule, reply window and any cooldown. */
  'replies.facts': {
    input: z.object({ conversationId: idSchema }).strict(),
    output: replyFactsSchema,
  },
} as const
