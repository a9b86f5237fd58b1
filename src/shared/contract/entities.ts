import { z } from 'zod'

/** Entities that cross between core and UI. Anything from a channel is untrusted text. */

export const platformSchema = z.enum(['mastodon', 'bluesky', 'feed', 'email', 'discourse'])
export const conversationKindSchema = z.enum(['dm', 'comment', 'mention', 'feed'])
export const conversationStatusSchema = z.enum(['open', 'pending', 'snoozed', 'done'])
export const messageDirectionSchema = z.enum(['in', 'out', 'note', 'activity'])
export const viewSchema = z.enum(['inbox', 'unassigned', 'mine', 'needs_approval', 'done'])
export const roleSchema = z.enum(['agent', 'supervisor', 'admin'])

export const idSchema = z.number().int().positive()

export const profileSchema = z.object({
  id: idSchema,
  name: z.string(),
  role: roleSchema,
})

export const channelAccountSchema = z.object({
  id: idSchema,
  platform: platformSchema,
  displayName: z.string(),
  handle: z.string(),
  baseUrl: z.string(),
  status: z.enum(['active', 'paused', 'needs_reconnect', 'removed']),
  /** Why the account is not active, in plain words. */
  statusMessage: z.string().nullable(),
  isDemo: z.boolean(),
})

export const streamHealthSchema = z.object({
  stream: z.string(),
  lastAttemptAt: z.number().nullable(),
  lastSuccessAt: z.number().nullable(),
  nextPollAt: z.number().nullable(),
  lastFetched: z.number().int(),
  totalFetched: z.number().int(),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().nullable(),
  rateLimitedUntil: z.number().nullable(),
  mayBeMissingItems: z.boolean(),
  backfilling: z.boolean(),
})

export const accountHealthSchema = z.object({
  accountId: idSchema,
  status: z.enum(['active', 'paused', 'needs_reconnect', 'removed']),
  statusMessage: z.string().nullable(),
  offline: z.boolean(),
  streams: z.array(streamHealthSchema),
})

export const connectorInfoSchema = z.object({
  platform: platformSchema,
  label: z.string(),
  authKind: z.enum(['oauth_pkce', 'token', 'app_password', 'none']),
  capabilities: z.array(z.string()),
  canReply: z.boolean(),
})

export const conversationSummarySchema = z.object({
  id: idSchema,
  accountId: idSchema,
  kind: conversationKindSchema,
  status: conversationStatusSchema,
  subject: z.string().nullable(),
  authorName: z.string(),
  authorHandle: z.string(),
  preview: z.string(),
  lastActivityAt: z.number(),
  waitingSince: z.number().nullable(),
  unread: z.boolean(),
  assigneeId: idSchema.nullable(),
  messageCount: z.number().int(),
  tags: z.array(z.string()),
})

export const messageSchema = z.object({
  id: idSchema,
  remoteId: z.string().nullable(),
  parentRemoteId: z.string().nullable(),
  direction: messageDirectionSchema,
  authorName: z.string(),
  authorHandle: z.string(),
  authorProfileUrl: z.string().nullable(),
  text: z.string(),
  /** Sanitised by the core at ingest; the renderer sanitises again before display. */
  html: z.string().nullable(),
  createdAt: z.number(),
  permalink: z.string().nullable(),
  isContext: z.boolean(),
  deletedAt: z.number().nullable(),
  editedAt: z.number().nullable(),
})

export const conversationDetailSchema = conversationSummarySchema.extend({
  createdAt: z.number(),
  firstReplyAt: z.number().nullable(),
  contactId: idSchema.nullable(),
})

export const viewCountsSchema = z.object({
  inbox: z.number().int(),
  unassigned: z.number().int(),
  mine: z.number().int(),
  needs_approval: z.number().int(),
  done: z.number().int(),
})

export const accountCountsSchema = z.object({
  accountId: idSchema,
  unread: z.number().int(),
})

export const countsSchema = z.object({
  views: viewCountsSchema,
  accounts: z.array(accountCountsSchema),
})

export const draftSchema = z.object({
  conversationId: idSchema,
  body: z.string(),
  updatedAt: z.number(),
})

export type Platform = z.infer<typeof platformSchema>
export type ConversationKind = z.infer<typeof conversationKindSchema>
export type ConversationStatus = z.infer<typeof conversationStatusSchema>
export type View = z.infer<typeof viewSchema>
export type Profile = z.infer<typeof profileSchema>
export type ChannelAccount = z.infer<typeof channelAccountSchema>
export type ConversationSummary = z.infer<typeof conversationSummarySchema>
export type ConversationDetail = z.infer<typeof conversationDetailSchema>
export type Message = z.infer<typeof messageSchema>
export type Counts = z.infer<typeof countsSchema>
export type Draft = z.infer<typeof draftSchema>
export type StreamHealth = z.infer<typeof streamHealthSchema>
export type AccountHealth = z.infer<typeof accountHealthSchema>
export type ConnectorInfo = z.infer<typeof connectorInfoSchema>
