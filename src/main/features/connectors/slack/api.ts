import { z } from 'zod'
import { NetworkError, safeHost, type HttpClient } from '../../../base/http'

/** Slack answers most failures with HTTP 200 and {"ok": false, "error": "…"}; this carries them. */
export class SlackError extends Error {
  constructor(
    readonly code: string,
    readonly method: string,
    readonly url: string,
    /** The scope a missing_scope error asks for. */
    readonly needed: string | null,
  ) {
    super(`Slack's ${method} answered ${code}`)
    this.name = 'SlackError'
  }
}

export const messageSchema = z.object({
  type: z.string().optional(),
  subtype: z.string().optional(),
  ts: z.string().regex(/^\d+\.\d+$/),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  thread_ts: z.string().optional(),
  reply_count: z.number().optional(),
  latest_reply: z.string().optional(),
  hidden: z.boolean().optional(),
  files: z.array(z.object({ name: z.string().optional(), title: z.string().optional() }).passthrough()).optional(),
  metadata: z.object({ event_type: z.string().optional(), event_payload: z.record(z.string(), z.unknown()).optional() }).optional(),
  user_profile: z.object({ display_name: z.string().optional(), real_name: z.string().optional(), name: z.string().optional() }).passthrough().optional(),
})
export type SlackMessage = z.infer<typeof messageSchema>

export const channelSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  is_member: z.boolean().optional(),
  is_im: z.boolean().optional(),
  is_private: z.boolean().optional(),
  is_archived: z.boolean().optional(),
  user: z.string().optional(),
})
export type SlackChannel = z.infer<typeof channelSchema>

const authTestSchema = z.object({
  url: z.string().optional(),
  team: z.string().optional(),
  team_id: z.string(),
  user: z.string().optional(),
  user_id: z.string(),
  bot_id: z.string().optional(),
})
export type SlackIdentity = z.infer<typeof authTestSchema>

const userSchema = z.object({
  user: z.object({
    id: z.string(),
    name: z.string().optional(),
    real_name: z.string().optional(),
    profile: z.object({ display_name: z.string().optional(), real_name: z.string().optional(), image_72: z.string().optional() }).passthrough().optional(),
  }),
})
export type SlackUser = z.infer<typeof userSchema>['user']

const pageSchema = z.object({
  has_more: z.boolean().optional(),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
})
const messagesSchema = pageSchema.extend({ messages: z.array(z.unknown()) })
const channelsSchema = pageSchema.extend({ channels: z.array(z.unknown()) })
const postedSchema = z.object({ channel: z.string(), ts: z.string(), message: z.unknown().optional() })

/** One search.messages match (@slack/web-api's SearchMessagesResponse Match): the fields Parley reads. */
export const searchMatchSchema = z.object({
  type: z.string().optional(),
  ts: z.string().regex(/^\d+\.\d+$/),
  text: z.string().optional(),
  user: z.string().optional(),
  username: z.string().optional(),
  permalink: z.string().optional(),
  channel: z.object({
    id: z.string(),
    name: z.string().optional(),
    is_im: z.boolean().optional(),
    is_mpim: z.boolean().optional(),
    is_private: z.boolean().optional(),
  }),
})
export type SlackSearchMatch = z.infer<typeof searchMatchSchema>
const searchSchema = z.object({
  messages: z.object({
    matches: z.array(z.unknown()).optional(),
    paging: z.object({ page: z.number().optional(), pages: z.number().optional() }).optional(),
  }),
})

export interface Page<T> {
  items: T[]
  next: string | null
}

/** What Parley puts in a reply's metadata: the outbox key, so reconcile can recognise the message. */
export const REPLY_EVENT = 'parley_reply'

export interface NewMessage {
  channel: string
  text: string
  thread_ts?: string
  /** Message metadata as Slack wants it in a form body: JSON text. */
  metadata: string
}

type Params = Record<string, string | undefined>

/** Slack Web API calls for one workspace and one token (the bot's, or the optional user token for search); answers are validated before use. */
export class SlackApi {
  constructor(
    private readonly http: HttpClient,
    /** https://slack.com/api, or a test server's. */
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  get host(): string {
    return safeHost(this.baseUrl)
  }

  authTest(): Promise<SlackIdentity> {
    return this.call('auth.test', {}, authTestSchema)
  }

  async channels(types: string, cursor: string | null): Promise<Page<SlackChannel>> {
    const body = await this.call('conversations.list', { types, exclude_archived: 'true', limit: '200', cursor: cursor ?? undefined }, channelsSchema)
    return { items: parse(channelSchema, body.channels), next: body.response_metadata?.next_cursor || null }
  }

  /** Messages after `oldest` (exclusive), newest first, one page. */
  async history(channel: string, oldest: string, cursor: string | null): Promise<Page<SlackMessage>> {
    const params = { channel, oldest, limit: '200', include_all_metadata: 'true', cursor: cursor ?? undefined }
    const body = await this.call('conversations.history', params, messagesSchema)
    return { items: parse(messageSchema, body.messages), next: body.has_more ? body.response_metadata?.next_cursor || null : null }
  }

  /** A thread: its parent first, then replies after `oldest`, oldest first, one page. */
  async replies(channel: string, ts: string, oldest: string | null, cursor: string | null): Promise<Page<SlackMessage>> {
    const params = { channel, ts, oldest: oldest ?? undefined, limit: '200', include_all_metadata: 'true', cursor: cursor ?? undefined }
    const body = await this.call('conversations.replies', params, messagesSchema)
    return { items: parse(messageSchema, body.messages), next: body.has_more ? body.response_metadata?.next_cursor || null : null }
  }

  async user(id: string): Promise<SlackUser> {
    return (await this.call('users.info', { user: id }, userSchema)).user
  }

  async postMessage(message: NewMessage): Promise<{ channel: string; ts: string; message: SlackMessage | null }> {
    const body = await this.call('chat.postMessage', { ...message }, postedSchema)
    const parsed = messageSchema.safeParse(body.message)
    return { channel: body.channel, ts: body.ts, message: parsed.success ? parsed.data : null }
  }

  /**
   * search.messages (a user token's method; bots cannot search): newest first, one page of `count`.
   * `more` is true while Slack has further pages.
   */
  async search(query: string, page: number, count: number): Promise<{ items: SlackSearchMatch[]; more: boolean }> {
    const params = { query, sort: 'timestamp', sort_dir: 'desc', count: String(count), page: String(page) }
    const body = await this.call('search.messages', params, searchSchema)
    const paging = body.messages.paging
    return { items: parse(searchMatchSchema, body.messages.matches ?? []), more: (paging?.page ?? page) < (paging?.pages ?? 0) }
  }

  async deleteMessage(channel: string, ts: string): Promise<void> {
    await this.call('chat.delete', { channel, ts }, z.object({}).passthrough())
  }

  /** Every method as a form POST: Slack accepts it for reads and writes alike, and the token stays in a header. */
  private async call<T>(method: string, params: Params, schema: z.ZodType<T>): Promise<T> {
    const url = `${this.baseUrl}/${method}`
    const form = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string'))
    const response = await this.http.request(url, {
      method: 'POST',
      body: form,
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    const body = response.json<unknown>()
    const envelope = z.object({ ok: z.boolean(), error: z.string().optional(), needed: z.string().optional() }).safeParse(body)
    if (!envelope.success) throw new NetworkError(url, 'bad_body', `${this.host} sent an answer that does not look like Slack's.`)
    if (!envelope.data.ok) throw new SlackError(envelope.data.error ?? 'unknown_error', method, url, envelope.data.needed ?? null)
    const parsed = schema.safeParse(body)
    if (!parsed.success) throw new NetworkError(url, 'bad_body', `${this.host} sent an answer to ${method} that does not look like Slack's.`)
    return parsed.data
  }
}

/** Keeps the valid entries of a list: one odd message must not hide the others. */
function parse<T>(schema: z.ZodType<T>, values: unknown[]): T[] {
  const out: T[] = []
  for (const value of values) {
    const parsed = schema.safeParse(value)
    if (parsed.success) out.push(parsed.data)
  }
  return out
}
