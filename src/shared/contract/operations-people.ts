import { z } from 'zod'
import { conversationSummarySchema, idSchema, platformSchema, trimmedString } from './entities'

/** Limits of search, saved views, contacts and canned replies. */
export const peopleLimits = {
  query: 500,
  viewName: 60,
  savedViews: 100,
  /** Saved-view counts stop here; the sidebar shows "1000+". */
  countCap: 1000,
  contactNotes: 10_000,
  cannedName: 60,
  cannedBody: 5_000,
  cannedReplies: 500,
} as const

const query = z.string().max(peopleLimits.query)
const viewName = trimmedString(peopleLimits.viewName).min(1, 'a view needs a name')
/** [start, end) in UTF-16 code units of the text it belongs to (String.prototype.slice). */
export const rangeSchema = z.tuple([z.number().int().min(0), z.number().int().min(0)])

export const searchHitSchema = z.object({
  conversation: conversationSummarySchema,
  /** The newest message that matched the words (null for a filter-only query). */
  messageId: idSchema.nullable(),
  /** Who wrote the matched message (for a filter-only query, the conversation's latest author), shown beside the snippet. */
  authorName: z.string(),
  authorHandle: z.string(),
  snippet: z.string(),
  snippetRanges: z.array(rangeSchema),
  authorRanges: z.array(rangeSchema),
  subjectRanges: z.array(rangeSchema),
})

/** A query the language cannot read: the message, and where (1-based column, length in characters). */
export const querySyntaxErrorSchema = z.object({ message: z.string(), position: z.number().int().min(1), length: z.number().int().min(0) })

export const savedViewSchema = z.object({
  id: idSchema,
  name: z.string(),
  query: z.string(),
  position: z.number().int(),
  /** "Notify me": a desktop notification for new items in this view (kept in settings). */
  notify: z.boolean(),
})

export const identitySchema = z.object({
  id: idSchema,
  accountId: idSchema,
  platform: platformSchema,
  accountName: z.string(),
  handle: z.string(),
  displayName: z.string(),
  /** Channel-provided: open only through the safe-link component. */
  profileUrl: z.string().nullable(),
  /** The identity came to this contact through this merge (null when it was always here). */
  viaMergeId: idSchema.nullable(),
})

export const contactMergeSchema = z.object({
  id: idSchema,
  targetId: idSchema,
  sourceId: idSchema,
  sourceName: z.string(),
  targetName: z.string(),
  identityCount: z.number().int(),
  conversationCount: z.number().int(),
  mergedAt: z.number(),
  mergedBy: z.string().nullable(),
  unmergedAt: z.number().nullable(),
})

export const contactSchema = z.object({
  id: idSchema,
  displayName: z.string(),
  notes: z.string(),
  /** Set when this contact was merged into another (open that one instead). */
  mergedInto: idSchema.nullable(),
  createdAt: z.number(),
})

export const contactDetailSchema = z.object({
  contact: contactSchema,
  identities: z.array(identitySchema),
  /** Every conversation of the person across channels, newest activity first. */
  conversations: z.array(conversationSummarySchema),
  /** Merges into this contact, newest first; un-merged ones stay listed with unmergedAt. */
  merges: z.array(contactMergeSchema),
})

export const contactMatchSchema = z.object({
  id: idSchema,
  displayName: z.string(),
  handles: z.array(z.string()),
  conversationCount: z.number().int(),
})

export const cannedReplySchema = z.object({ id: idSchema, name: z.string(), body: z.string(), updatedAt: z.number() })

export const presenceSchema = z.object({
  conversationId: idSchema,
  /** Profiles drafting a reply there now (the caller included; the UI leaves itself out). */
  drafting: z.array(z.object({ profileId: idSchema, name: z.string(), since: z.number() })),
})

/** Operations of search, contacts, saved views, canned replies, presence (collision). Spread into `operations`; names go in names-people.ts. */
export const peopleOperations = {
  /** Search all history with the inbox query language; a query it cannot read answers { error } (nothing thrown). */
  'conversations.search': {
    input: z
      .object({ query, cursor: z.string().max(40).nullable().optional(), limit: z.number().int().min(1).max(200).default(50) })
      .strict(),
    output: z.union([
      z.object({ items: z.array(searchHitSchema), nextCursor: z.string().nullable() }),
      z.object({ error: querySyntaxErrorSchema }),
    ]),
  },
  'savedViews.list': { input: z.object({}).strict(), output: z.array(savedViewSchema) },
  'savedViews.create': { input: z.object({ name: viewName, query }).strict(), output: savedViewSchema },
  'savedViews.update': {
    input: z.object({ id: idSchema, name: viewName.optional(), query: query.optional() }).strict(),
    output: savedViewSchema,
  },
  'savedViews.delete': { input: z.object({ id: idSchema }).strict(), output: z.object({ id: idSchema }) },
  /** The full order, top first: every saved view's id exactly once. */
  'savedViews.reorder': { input: z.object({ ids: z.array(idSchema).max(peopleLimits.savedViews) }).strict(), output: z.array(savedViewSchema) },
  /** Matching conversations per view, capped at countCap (capped: true means "at least"). */
  'savedViews.counts': {
    input: z.object({}).strict(),
    output: z.array(z.object({ id: idSchema, count: z.number().int(), capped: z.boolean() })),
  },
  'savedViews.setNotify': { input: z.object({ id: idSchema, notify: z.boolean() }).strict(), output: savedViewSchema },
  /** Which of these (new) conversations fall in each view that has "Notify me" on. */
  'savedViews.matching': {
    input: z.object({ conversationIds: z.array(idSchema).min(1).max(1000) }).strict(),
    output: z.array(z.object({ viewId: idSchema, name: z.string(), conversationIds: z.array(idSchema) })),
  },
  'contacts.get': { input: z.object({ id: idSchema }).strict(), output: contactDetailSchema },
  /** By name or handle, for the merge picker; merged-away contacts are left out. */
  'contacts.search': {
    input: z.object({ query: trimmedString(100).min(1), limit: z.number().int().min(1).max(50).default(10) }).strict(),
    output: z.array(contactMatchSchema),
  },
  'contacts.setNotes': {
    input: z.object({ id: idSchema, notes: z.string().max(peopleLimits.contactNotes) }).strict(),
    output: contactSchema,
  },
  /** Moves the source's identities and conversations to the target; recorded so un-merge can undo it exactly. */
  'contacts.merge': { input: z.object({ targetId: idSchema, sourceId: idSchema }).strict(), output: contactMergeSchema },
  'contacts.unmerge': { input: z.object({ mergeId: idSchema }).strict(), output: contactMergeSchema },
  'canned.list': { input: z.object({}).strict(), output: z.array(cannedReplySchema) },
  /** Creates (no id) or updates a canned reply. */
  'canned.save': {
    input: z
      .object({
        id: idSchema.optional(),
        name: trimmedString(peopleLimits.cannedName).min(1, 'a canned reply needs a name'),
        body: trimmedString(peopleLimits.cannedBody).min(1, 'a canned reply needs some text'),
      })
      .strict(),
    output: cannedReplySchema,
  },
  'canned.delete': { input: z.object({ id: idSchema }).strict(), output: z.object({ id: idSchema }) },
  /** Fills {{first_name}}, {{name}}, {{handle}}, {{channel}}, {{agent}} for a conversation; unknown and empty ones are reported. */
  'canned.render': {
    input: z.object({ id: idSchema, conversationId: idSchema }).strict(),
    output: z.object({ text: z.string(), unknown: z.array(z.string()), missing: z.array(z.string()) }),
  },
  /** "I am drafting here" (or stopped); expires by itself unless repeated. Answers who drafts there now. */
  'presence.heartbeat': { input: z.object({ conversationId: idSchema, drafting: z.boolean() }).strict(), output: presenceSchema },
  'presence.list': { input: z.object({}).strict(), output: z.array(presenceSchema) },
} as const

export type SearchHit = z.infer<typeof searchHitSchema>
export type SavedView = z.infer<typeof savedViewSchema>
export type ContactDetail = z.infer<typeof contactDetailSchema>
export type ContactMerge = z.infer<typeof contactMergeSchema>
export type ContactMatch = z.infer<typeof contactMatchSchema>
export type CannedReply = z.infer<typeof cannedReplySchema>
export type Presence = z.infer<typeof presenceSchema>
