import { z } from 'zod'

/**
 * The parts of Reddit's "things" Parley reads, as recorded in tests/fixtures/reddit (PRAW's cassettes):
 * comments (t1) and private messages (t4) share most fields in inbox listings.
 */
export const thingDataSchema = z.object({
  id: z.string().min(1),
  name: z.string().regex(/^t[0-9]_[a-z0-9]+$/),
  author: z.string().nullable().optional(),
  author_fullname: z.string().nullable().optional(),
  body: z.string().optional(),
  body_html: z.string().nullable().optional(),
  created_utc: z.number(),
  parent_id: z.string().nullable().optional(),
  link_id: z.string().optional(),
  link_title: z.string().optional(),
  subreddit: z.string().nullable().optional(),
  context: z.string().optional(),
  subject: z.string().optional(),
  dest: z.string().optional(),
  first_message_name: z.string().nullable().optional(),
  type: z.string().optional(),
  was_comment: z.boolean().optional(),
})
export type RedditThing = z.infer<typeof thingDataSchema> & { kind: string }

export const listingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({
    after: z.string().nullable().optional(),
    before: z.string().nullable().optional(),
    children: z.array(z.object({ kind: z.string(), data: z.unknown() })),
  }),
})

export const meSchema = z.object({ name: z.string().min(1), id: z.string().optional() })

/** POST answers with api_type=json: {"json": {"errors": [[code, message, field]], "data": {...}}}. */
export const jsonEnvelopeSchema = z.object({
  json: z.object({
    errors: z.array(z.array(z.unknown())).optional(),
    data: z.object({ things: z.array(z.object({ kind: z.string(), data: z.unknown() })).optional() }).optional(),
    ratelimit: z.number().optional(),
  }),
})

/** Children that do not parse are dropped one by one: a single odd item never blocks the rest. */
export function thingsOf(children: { kind: string; data: unknown }[]): RedditThing[] {
  const out: RedditThing[] = []
  for (const child of children) {
    if (child.kind !== 't1' && child.kind !== 't4') continue
    const parsed = thingDataSchema.safeParse(child.data)
    if (parsed.success) out.push({ ...parsed.data, kind: child.kind })
  }
  return out
}
