import { z } from 'zod'
import { conversationStatusSchema, idSchema, messageSchema, trimmedString } from './entities'

/** Limits of triage calls: a bulk action covers at most this many conversations at once. */
export const triageLimits = { bulkIds: 5_000, tagsPerCall: 50, tagName: 40, noteLength: 10_000 } as const

const ids = z
  .array(idSchema)
  .min(1, 'choose at least one conversation')
  .max(triageLimits.bulkIds)
  .transform((list) => [...new Set(list)])
const tagIds = z.array(idSchema).min(1, 'choose at least one tag').max(triageLimits.tagsPerCall)
const tagName = z
  .string()
  .max(triageLimits.tagName, { error: `A tag can have at most ${triageLimits.tagName} characters.` })
  .trim()
  .min(1, { error: 'A tag needs a name.' })
/** #rgb or #rrggbb, so a colour can only ever be a colour. */
const tagColor = z.string().regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, 'a colour is written #rgb or #rrggbb')

export const tagSchema = z.object({
  id: idSchema,
  name: z.string(),
  color: z.string(),
  /** Conversations carrying the tag. */
  count: z.number().int(),
})
export type Tag = z.infer<typeof tagSchema>

/** What a bulk action changed: only the conversations whose state actually moved. */
const changedSchema = z.object({ changed: z.array(idSchema) })

/** Operations of triage: status, snooze, assignment, tags, notes, activity, bulk, read state. Spread into `operations`; names go in names-triage.ts. */
export const triageOperations = {
  /** Open, pending, snoozed (until a time in the future) or done; one transaction for all ids. */
  'conversations.setStatus': {
    input: z
      .object({ ids, status: conversationStatusSchema, snoozedUntil: z.number().int().positive().optional() })
      .strict()
      .refine((i) => (i.status === 'snoozed') === (i.snoozedUntil !== undefined), {
        message: 'snoozedUntil goes with status "snoozed", and only with it',
        path: ['snoozedUntil'],
      }),
    output: changedSchema,
  },
  /** profileId null unassigns. */
  'conversations.assign': {
    input: z.object({ ids, profileId: idSchema.nullable() }).strict(),
    output: changedSchema,
  },
  'conversations.addTags': { input: z.object({ ids, tagIds }).strict(), output: changedSchema },
  'conversations.removeTags': { input: z.object({ ids, tagIds }).strict(), output: changedSchema },
  'conversations.markReadMany': { input: z.object({ ids, read: z.boolean() }).strict(), output: changedSchema },
  'tags.list': { input: z.object({}).strict(), output: z.array(tagSchema) },
  'tags.create': { input: z.object({ name: tagName, color: tagColor.optional() }).strict(), output: tagSchema },
  /** Rename and/or recolour. */
  'tags.update': {
    input: z
      .object({ id: idSchema, name: tagName.optional(), color: tagColor.optional() })
      .strict()
      .refine((i) => i.name !== undefined || i.color !== undefined, { message: 'give a new name or colour', path: ['name'] }),
    output: tagSchema,
  },
  /** Every conversation tagged with a source gets the target instead; the sources are deleted. */
  'tags.merge': {
    input: z
      .object({ sourceIds: tagIds, targetId: idSchema })
      .strict()
      .refine((i) => !i.sourceIds.includes(i.targetId), { message: 'a tag cannot be merged into itself', path: ['sourceIds'] }),
    output: tagSchema,
  },
  /** Removes the tag from every conversation. */
  'tags.delete': { input: z.object({ id: idSchema }).strict(), output: z.object({ id: idSchema }) },
  /** An internal note: stored in the thread, never sent. */
  'notes.add': {
    input: z.object({ conversationId: idSchema, body: trimmedString(triageLimits.noteLength).min(1, 'a note needs some text') }).strict(),
    output: messageSchema,
  },
} as const
