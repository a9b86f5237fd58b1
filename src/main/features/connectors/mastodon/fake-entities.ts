// Test infrastructure: the fake's state rendered as Mastodon's REST entities (docs.joinmastodon.org/entities).
import type { FakeAccount, FakeConversation, FakeMastodonState, FakeNotification, FakeStatus } from './fake-store'

const iso = (ms: number): string => new Date(ms).toISOString()
const day = (ms: number): string => iso(ms).slice(0, 10)

export function accountEntity(state: FakeMastodonState, a: FakeAccount): Record<string, unknown> {
  const origin = state.origin()
  const statuses = [...state.statuses.values()].filter((s) => s.accountId === a.id && !s.deleted)
  const last = statuses.reduce((max, s) => Math.max(max, s.createdAt), 0)
  // Remote avatars are cached and served by the local instance, as Mastodon does.
  const avatar = `${origin}/system/${a.domain ? 'cache/' : ''}accounts/avatars/${a.id}/original/avatar.png`
  return {
    id: a.id,
    username: a.username,
    acct: state.acct(a),
    display_name: a.displayName,
    locked: false,
    bot: a.bot,
    discoverable: true,
    indexable: true,
    group: false,
    created_at: iso(a.createdAt),
    note: a.note ? `<p>${a.note}</p>` : '',
    url: state.accountUrl(a),
    uri: a.domain ? `https://${a.domain}/users/${a.username}` : `${origin}/users/${a.username}`,
    avatar,
    avatar_static: avatar,
    header: `${origin}/headers/original/missing.png`,
    header_static: `${origin}/headers/original/missing.png`,
    followers_count: 1280,
    following_count: 312,
    statuses_count: statuses.length,
    last_status_at: last ? day(last) : null,
    hide_collections: false,
    emojis: [],
    fields: [],
  }
}

export function credentialAccountEntity(state: FakeMastodonState, a: FakeAccount): Record<string, unknown> {
  return {
    ...accountEntity(state, a),
    source: { privacy: 'public', sensitive: false, language: 'en', note: a.note, fields: [], follow_requests_count: 0, hide_collections: false, discoverable: true, indexable: true },
    role: { id: '-99', name: '', permissions: '0', color: '', highlighted: false },
  }
}

export function statusEntity(state: FakeMastodonState, s: FakeStatus, brandId: string): Record<string, unknown> {
  const author = state.account(s.accountId)
  const origin = state.origin()
  const url = `${state.accountUrl(author)}/${s.id}`
  const replies = [...state.statuses.values()].filter((r) => r.inReplyToId === s.id && !r.deleted).length
  return {
    id: s.id,
    created_at: iso(s.createdAt),
    in_reply_to_id: s.inReplyToId,
    in_reply_to_account_id: s.inReplyToAccountId,
    sensitive: s.spoilerText !== '',
    spoiler_text: s.spoilerText,
    visibility: s.visibility,
    language: s.language,
    uri: author.domain ? `https://${author.domain}/users/${author.username}/statuses/${s.id}` : `${origin}/users/${author.username}/statuses/${s.id}`,
    url,
    replies_count: replies,
    reblogs_count: 0,
    favourites_count: 0,
    quotes_count: 0,
    edited_at: s.editedAt === null ? null : iso(s.editedAt),
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
    ...(s.accountId === brandId ? { pinned: false } : {}),
    content: s.html,
    filtered: [],
    reblog: null,
    ...(author.domain === null ? { application: { name: s.accountId === brandId ? 'Parley' : 'Web', website: null } } : {}),
    account: accountEntity(state, author),
    media_attachments: s.media.map((m, i) => ({
      id: `${s.id}${i}`,
      type: m.type,
      url: `${origin}/system/media_attachments/files/${s.id}/${i}/original/file.jpg`,
      preview_url: `${origin}/system/media_attachments/files/${s.id}/${i}/small/file.jpg`,
      remote_url: author.domain ? `https://${author.domain}/media/${s.id}-${i}.jpg` : null,
      preview_remote_url: null,
      text_url: null,
      meta: { original: { width: 1600, height: 1200, size: '1600x1200', aspect: 1.3333333333333333 } },
      description: m.description,
      blurhash: 'UHFO~6Yk^6#M@-5b,1J5@[or[k6o};Fxi^OZ',
    })),
    mentions: s.mentionIds.map((id) => {
      const m = state.account(id)
      return { id: m.id, username: m.username, url: state.accountUrl(m), acct: state.acct(m) }
    }),
    tags: [...s.text.matchAll(/(?:^|\s)#([\p{L}\p{N}_]+)/gu)].map((m) => ({ name: m[1]!.toLowerCase(), url: `${origin}/tags/${encodeURIComponent(m[1]!.toLowerCase())}` })),
    emojis: [],
    card: null,
    poll: null,
  }
}

export function notificationEntity(state: FakeMastodonState, n: FakeNotification, brandId: string): Record<string, unknown> {
  const status = n.statusId ? state.statuses.get(n.statusId) : undefined
  return {
    id: n.id,
    type: n.type,
    created_at: iso(n.createdAt),
    group_key: `ungrouped-${n.id}`,
    account: accountEntity(state, state.account(n.accountId)),
    ...(n.statusId ? { status: status ? statusEntity(state, status, brandId) : null } : {}),
  }
}

export function conversationEntity(state: FakeMastodonState, c: FakeConversation, brandId: string): Record<string, unknown> {
  const lastId = state.lastStatusId(c)
  const last = lastId ? state.statuses.get(lastId) : undefined
  const people = c.participantIds.length ? c.participantIds : [brandId]
  return {
    id: c.id,
    unread: c.unread,
    accounts: people.map((id) => accountEntity(state, state.account(id))),
    last_status: last ? statusEntity(state, last, brandId) : null,
  }
}

export function relationshipEntity(state: FakeMastodonState, accountId: string): Record<string, unknown> {
  return {
    id: accountId,
    following: false,
    showing_reblogs: false,
    notifying: false,
    languages: null,
    followed_by: false,
    blocking: state.blocks.has(accountId),
    blocked_by: false,
    muting: state.mutes.has(accountId),
    muting_notifications: state.mutes.has(accountId),
    requested: false,
    requested_by: false,
    domain_blocking: false,
    endorsed: false,
    note: '',
  }
}
