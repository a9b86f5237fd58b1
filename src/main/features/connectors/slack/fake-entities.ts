// Test infrastructure: the fake Slack's answers, typed with @slack/web-api's maintained response types,
// so `vue-tsc` fails when the fake says something Slack's own client would not expect. Never imported by the app.
import type {
  AuthTestResponse,
  ChatDeleteResponse,
  ChatPostMessageResponse,
  ConversationsHistoryResponse,
  ConversationsListResponse,
  ConversationsRepliesResponse,
  SearchMessagesResponse,
  UsersInfoResponse,
} from '@slack/web-api'
import type { FakeSlackChannel, FakeSlackMessage, FakeSlackState, FakeSlackUser } from './fake-store'

type HistoryMessage = NonNullable<ConversationsHistoryResponse['messages']>[number]
type ReplyMessage = NonNullable<ConversationsRepliesResponse['messages']>[number]
type PostedMessage = NonNullable<ChatPostMessageResponse['message']>
type ListedChannel = NonNullable<ConversationsListResponse['channels']>[number]

/** Every answer the fake gives, by method: what the spec test walks. */
export interface SlackAnswers {
  'auth.test': AuthTestResponse
  'conversations.list': ConversationsListResponse
  'conversations.history': ConversationsHistoryResponse
  'conversations.replies': ConversationsRepliesResponse
  'chat.postMessage': ChatPostMessageResponse
  'chat.delete': ChatDeleteResponse
  'users.info': UsersInfoResponse
  'search.messages': SearchMessagesResponse
}

type SearchMatch = NonNullable<NonNullable<SearchMessagesResponse['messages']>['matches']>[number]

/** A search.messages match as Slack gives it: the channel inline, the permalink (with thread_ts for a reply). */
export function searchMatch(state: FakeSlackState, m: FakeSlackMessage, origin: string): SearchMatch {
  const c = state.channels.get(m.channel)!
  const user = m.user ? state.users.get(m.user) : undefined
  const reply = m.threadTs && m.threadTs !== m.ts
  const permalink = `${origin}/archives/${c.id}/p${m.ts.replace('.', '')}${reply ? `?thread_ts=${m.threadTs}&cid=${c.id}` : ''}`
  return {
    type: 'message',
    iid: `${c.id}-${m.ts}`,
    ts: m.ts,
    text: m.text,
    ...(m.user ? { user: m.user } : {}),
    ...(user ? { username: user.name } : {}),
    team: m.team ?? state.teamId,
    channel: {
      id: c.id,
      name: c.im ? (c.imUser ?? '') : c.name,
      name_normalized: c.im ? (c.imUser ?? '') : c.name,
      is_channel: !c.im && !c.private,
      is_group: false,
      is_im: c.im,
      is_mpim: false,
      is_private: c.private,
      is_archived: c.archived,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_pending_ext_shared: false,
      pending_shared: [],
    },
    permalink,
    score: 0,
    no_reactions: true,
  }
}

export type SlackMethod = keyof SlackAnswers

/** {"ok": false, "error": "…"}: the shape of every refusal, whatever the method. */
export function errorAnswer(error: string, needed?: string): SlackAnswers[SlackMethod] {
  const answer: AuthTestResponse = { ok: false, error }
  if (needed) {
    answer.needed = needed
    answer.provided = 'channels:read'
  }
  return answer
}

function metadataOf(m: FakeSlackMessage, withMetadata: boolean): { metadata?: { event_type: string; event_payload: Record<string, unknown> } } {
  return withMetadata && m.metadata ? { metadata: { event_type: m.metadata.event_type, event_payload: m.metadata.event_payload } } : {}
}

export function historyMessage(state: FakeSlackState, m: FakeSlackMessage, withMetadata: boolean): HistoryMessage {
  const replies = state.repliesOf(m)
  const out: HistoryMessage = { type: 'message', ts: m.ts, text: m.text, ...metadataOf(m, withMetadata) }
  if (m.user) out.user = m.user
  if (m.botId) out.bot_id = m.botId
  if (m.subtype) out.subtype = m.subtype
  if (m.team) out.team = m.team
  if (m.threadTs) out.thread_ts = m.threadTs
  if (replies.length) {
    out.thread_ts = m.ts
    out.reply_count = replies.length
    out.reply_users = [...new Set(replies.flatMap((r) => (r.user ? [r.user] : [])))]
    out.reply_users_count = out.reply_users.length
    out.latest_reply = replies.at(-1)!.ts
    out.subscribed = false
  }
  if (m.files) out.files = m.files.map((f) => ({ id: f.id, name: f.name, title: f.title }))
  return out
}

export function replyMessage(state: FakeSlackState, m: FakeSlackMessage, withMetadata: boolean): ReplyMessage {
  const base = historyMessage(state, m, withMetadata)
  const out: ReplyMessage = { type: 'message', ts: m.ts, text: m.text, ...metadataOf(m, withMetadata) }
  if (base.user) out.user = base.user
  if (base.bot_id) out.bot_id = base.bot_id
  // Slack's replies type declares no subtype: a broadcast reply is listed without it here.
  if (base.thread_ts) out.thread_ts = base.thread_ts
  if (m.threadTs && m.threadTs !== m.ts) out.parent_user_id = state.find(m.channel, m.threadTs)?.user
  if (base.reply_count) {
    out.reply_count = base.reply_count
    out.reply_users = base.reply_users
    out.reply_users_count = base.reply_users_count
    out.latest_reply = base.latest_reply
  }
  return out
}

export function postedMessage(state: FakeSlackState, m: FakeSlackMessage): PostedMessage {
  const out: PostedMessage = { type: 'message', ts: m.ts, text: m.text, user: m.user, bot_id: m.botId, app_id: state.appId, team: state.teamId, ...metadataOf(m, true) }
  if (m.threadTs) {
    out.thread_ts = m.threadTs
    out.parent_user_id = state.find(m.channel, m.threadTs)?.user
  }
  return out
}

export function channelEntity(c: FakeSlackChannel, botUserId: string, created: number): ListedChannel {
  if (c.im) return { id: c.id, created, is_im: true, is_org_shared: false, user: c.imUser, is_user_deleted: false, priority: 0 }
  return {
    id: c.id,
    name: c.name,
    name_normalized: c.name,
    is_channel: !c.private,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: c.private,
    is_archived: c.archived,
    is_general: c.name === 'general',
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: c.members.includes(botUserId),
    created,
    creator: 'U0ADMIN000',
    unlinked: 0,
    num_members: c.members.length,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: c.purpose, creator: '', last_set: 0 },
    previous_names: [],
  }
}

export function userEntity(u: FakeSlackUser, teamId: string, origin: string): NonNullable<UsersInfoResponse['user']> {
  return {
    id: u.id,
    team_id: teamId,
    name: u.name,
    deleted: false,
    real_name: u.realName,
    is_bot: u.bot,
    is_admin: false,
    profile: { real_name: u.realName, display_name: u.displayName, image_72: `${origin}/avatars/${u.id}.png`, team: teamId },
  }
}
