import { z } from 'zod'

/** The parts of the Data API v3 resources Parley reads (tests/fixtures/youtube/youtube-v3.json has the published schemas). */
export const commentSchema = z.object({
  id: z.string().min(1),
  snippet: z.object({
    channelId: z.string().optional(),
    videoId: z.string().optional(),
    textDisplay: z.string().optional(),
    textOriginal: z.string().optional(),
    parentId: z.string().optional(),
    authorDisplayName: z.string().optional(),
    authorProfileImageUrl: z.string().optional(),
    authorChannelUrl: z.string().optional(),
    authorChannelId: z.object({ value: z.string() }).optional(),
    moderationStatus: z.string().optional(),
    publishedAt: z.string(),
    updatedAt: z.string().optional(),
  }),
})

export const commentThreadSchema = z.object({
  id: z.string().min(1),
  snippet: z.object({
    channelId: z.string().optional(),
    videoId: z.string().optional(),
    topLevelComment: commentSchema,
    totalReplyCount: z.number().int().nonnegative().optional(),
  }),
  replies: z.object({ comments: z.array(z.unknown()).optional() }).optional(),
})

export const listSchema = z.object({
  items: z.array(z.unknown()).optional(),
  nextPageToken: z.string().optional(),
})

export const channelSchema = z.object({
  id: z.string().min(1),
  snippet: z.object({ title: z.string().optional(), customUrl: z.string().optional() }).optional(),
})

export type YouTubeComment = z.infer<typeof commentSchema>
export type YouTubeThread = z.infer<typeof commentThreadSchema>
export type YouTubeChannel = z.infer<typeof channelSchema>

/** Items that do not parse are dropped, one by one: a single odd comment never blocks the rest. */
export function parseEach<T>(schema: z.ZodType<T>, items: unknown[] | undefined): T[] {
  const out: T[] = []
  for (const item of items ?? []) {
    const parsed = schema.safeParse(item)
    if (parsed.success) out.push(parsed.data)
  }
  return out
}
