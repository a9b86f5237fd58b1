import { z } from 'zod'

/**
 * The parts of Mastodon's REST entities Parley reads. Lenient on purpose:
 * Mastodon-compatible servers (GoToSocial, Akkoma, …) leave fields out or
 * null, so only what we truly need is required. Loose objects keep every
 * other field, so the parsed status doubles as the raw payload.
 */
const text = z.string().nullish()

export const accountSchema = z.looseObject({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  display_name: text,
  avatar: text,
  url: text,
})

const mentionSchema = z.looseObject({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
})

const attachmentSchema = z.looseObject({
  type: z.string().catch('unknown'),
  description: text,
})

export const statusSchema = z.looseObject({
  id: z.string(),
  created_at: z.string().refine((v) => Number.isFinite(Date.parse(v)), 'created_at is not a date'),
  in_reply_to_id: text,
  in_reply_to_account_id: text,
  // 'local' and other non-standard values exist on forks; treat anything unknown as public.
  visibility: z.string().catch('public'),
  spoiler_text: text,
  content: text,
  url: text,
  uri: text,
  edited_at: text,
  account: accountSchema,
  mentions: z.array(mentionSchema).catch([]),
  media_attachments: z.array(attachmentSchema).catch([]),
})

export const notificationSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  created_at: z.string(),
  status: statusSchema.nullish(),
})

export const conversationSchema = z.looseObject({
  id: z.string(),
  accounts: z.array(accountSchema).catch([]),
  last_status: statusSchema.nullish(),
})

export const contextSchema = z.looseObject({
  ancestors: z.array(z.unknown()).catch([]),
  descendants: z.array(z.unknown()).catch([]),
})

export type MastodonAccount = z.infer<typeof accountSchema>
export type MastodonStatus = z.infer<typeof statusSchema>
export type MastodonNotification = z.infer<typeof notificationSchema>
export type MastodonConversation = z.infer<typeof conversationSchema>

/** Keeps the entries that parse; one odd status must not block a whole stream. */
export function parseEach<T>(schema: z.ZodType<T>, values: readonly unknown[]): T[] {
  const out: T[] = []
  for (const value of values) {
    const parsed = schema.safeParse(value)
    if (parsed.success) out.push(parsed.data)
  }
  return out
}
