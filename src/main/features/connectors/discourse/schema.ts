import { z } from 'zod'

/**
 * The parts of Discourse's answers Parley reads, validated before use (forum content is untrusted).
 * Field names follow Discourse's OpenAPI description (tests/fixtures/discourse/openapi.json).
 */

/** Discourse's spec types reply_to_post_number as a string, the server sends a number: take either. */
const postNumber = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)])

export const postSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  name: z.string().nullish(),
  avatar_template: z.string().nullish(),
  created_at: z.string(),
  cooked: z.string(),
  /** Present on single-post answers and on a created post, not in a topic's post stream. */
  raw: z.string().optional(),
  post_number: z.number().int(),
  reply_to_post_number: postNumber.nullish(),
  topic_id: z.number().int(),
  topic_slug: z.string().nullish(),
  user_id: z.number().int(),
  hidden: z.boolean().optional(),
  deleted_at: z.string().nullish(),
  post_url: z.string().optional(),
})
export type DiscoursePost = z.infer<typeof postSchema>

export const postStreamSchema = z.object({
  post_stream: z.object({ posts: z.array(z.unknown()) }),
})

export const notificationSchema = z.object({
  id: z.number().int(),
  notification_type: z.number().int(),
  created_at: z.string(),
  post_number: z.number().int().nullish(),
  topic_id: z.number().int().nullish(),
  fancy_title: z.string().optional(),
  slug: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).optional(),
})
export type DiscourseNotification = z.infer<typeof notificationSchema>

export const notificationsSchema = z.object({ notifications: z.array(z.unknown()) })

export const topicSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  slug: z.string(),
  highest_post_number: z.number().int(),
  bumped_at: z.string().nullish(),
  last_posted_at: z.string().nullish(),
  created_at: z.string(),
  archetype: z.string().optional(),
  closed: z.boolean().optional(),
})
export type DiscourseTopic = z.infer<typeof topicSchema>

export const topicListSchema = z.object({
  topic_list: z.object({ topics: z.array(z.unknown()), more_topics_url: z.string().optional() }),
})

/** A review queue item; Parley follows flagged posts (type ReviewableFlaggedPost, target a post). */
export const reviewableSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  target_type: z.string().nullish(),
  target_id: z.number().int().nullish(),
  topic_id: z.number().int().nullish(),
  created_at: z.string(),
  status: z.number().int(),
})
export type DiscourseReviewable = z.infer<typeof reviewableSchema>

export const reviewQueueSchema = z.object({ reviewables: z.array(z.unknown()) })

/** /session/current.json: who the key acts as. */
export const currentUserSchema = z.object({
  current_user: z.object({
    id: z.number().int(),
    username: z.string(),
    name: z.string().nullish(),
    moderator: z.boolean().optional(),
    admin: z.boolean().optional(),
  }),
})
export type DiscourseCurrentUser = z.infer<typeof currentUserSchema>['current_user']

/** Keeps the valid entries of a list and drops the rest: one odd post must not hide the others. */
export function parseEach<T>(schema: z.ZodType<T>, values: unknown[]): T[] {
  const out: T[] = []
  for (const value of values) {
    const parsed = schema.safeParse(value)
    if (parsed.success) out.push(parsed.data)
  }
  return out
}
