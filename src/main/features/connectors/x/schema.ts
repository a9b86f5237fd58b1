import { z } from 'zod'

const reference = z.object({ type: z.string(), id: z.string() })

/**
 * A post as Parley reads it. X's reference calls the reply link `referenced_tweets`; the OpenAPI
 * description in xdevplatform/xdk calls it `referenced_posts`: both are read.
 */
export const postSchema = z.object({
  id: z.string().regex(/^\d{1,19}$/),
  text: z.string(),
  author_id: z.string().optional(),
  created_at: z.string().optional(),
  conversation_id: z.string().optional(),
  in_reply_to_user_id: z.string().optional(),
  referenced_tweets: z.array(reference).optional(),
  referenced_posts: z.array(reference).optional(),
})

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  profile_image_url: z.string().optional(),
})

export const dmEventSchema = z.object({
  id: z.string(),
  event_type: z.string().optional(),
  text: z.string().optional(),
  sender_id: z.string().optional(),
  dm_conversation_id: z.string().optional(),
  created_at: z.string().optional(),
})

export const listSchema = z.object({
  data: z.array(z.unknown()).optional(),
  includes: z.object({ users: z.array(z.unknown()).optional() }).optional(),
  meta: z.object({ next_token: z.string().optional(), newest_id: z.string().optional(), result_count: z.number().optional() }).optional(),
})

export type XPost = z.infer<typeof postSchema>
export type XUser = z.infer<typeof userSchema>
export type XDmEvent = z.infer<typeof dmEventSchema>

export function parseEach<T>(schema: z.ZodType<T>, items: unknown[] | undefined): T[] {
  const out: T[] = []
  for (const item of items ?? []) {
    const parsed = schema.safeParse(item)
    if (parsed.success) out.push(parsed.data)
  }
  return out
}

/** The post this one answers, whichever name the server uses for the link. */
export function repliedTo(post: XPost): string | null {
  return [...(post.referenced_tweets ?? []), ...(post.referenced_posts ?? [])].find((r) => r.type === 'replied_to')?.id ?? null
}

/** X ids are 64-bit numbers in strings: compare them as such. */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a)
  const y = BigInt(b)
  return x < y ? -1 : x > y ? 1 : 0
}
