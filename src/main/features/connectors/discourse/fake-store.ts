// Test infrastructure: the state of a fake Discourse forum and its answers' shapes; never imported by the app.

export interface FakeUser {
  id: number
  username: string
  name: string
  admin: boolean
  moderator: boolean
  silencedTill: string | null
}

export interface FakeCategory {
  id: number
  slug: string
  name: string
}

export interface FakeTopic {
  id: number
  title: string
  slug: string
  categoryId: number | null
  /** 'private_message' topics are seen only by allowedUserIds. */
  archetype: 'regular' | 'private_message'
  allowedUserIds: number[]
  tags: string[]
  closed: boolean
  createdAt: number
  bumpedAt: number
}

export interface FakePost {
  id: number
  topicId: number
  postNumber: number
  userId: number
  raw: string
  replyTo: number | null
  createdAt: number
  hidden: boolean
  deletedAt: number | null
  /** Cooked HTML as given (a hostile forum's), instead of cooking the raw text. */
  cooked?: string
}

export interface FakeNotification {
  id: number
  userId: number
  type: number
  topicId: number
  postNumber: number
  createdAt: number
  fromUserId: number
  postId: number
}

export interface FakeFlag {
  postId: number
  userId: number
  type: number
}

/** An item of the review queue: a post members flagged, waiting for a moderator. */
export interface FakeReviewable {
  id: number
  postId: number
  status: 'pending' | 'approved' | 'rejected'
  createdAt: number
  score: number
}

const escapeHtml = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Discourse's cooking, in miniature: paragraphs, escaped text, mentions as links. */
export function cook(raw: string): string {
  return raw
    .split(/\n{2,}/)
    .map((para) => `<p>${escapeHtml(para).replace(/\n/g, '<br>\n').replace(/(^|\s)@([\w.-]+)/g, '$1<a class="mention" href="/u/$2">@$2</a>')}</p>`)
    .join('\n')
}

export const slugify = (title: string): string =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'topic'

export class FakeDiscourseState {
  readonly users = new Map<number, FakeUser>()
  readonly categories = new Map<number, FakeCategory>()
  readonly topics = new Map<number, FakeTopic>()
  readonly posts = new Map<number, FakePost>()
  readonly notifications: FakeNotification[] = []
  readonly flags: FakeFlag[] = []
  readonly reviewables: FakeReviewable[] = []
  private nextUser = 1
  private nextTopic = 10
  private nextPost = 100
  private nextNotification = 1

  constructor(private readonly now: () => number) {}

  addUser(input: { username: string; name: string; admin?: boolean; moderator?: boolean }): FakeUser {
    const user: FakeUser = { id: this.nextUser++, username: input.username, name: input.name, admin: Boolean(input.admin), moderator: Boolean(input.moderator), silencedTill: null }
    this.users.set(user.id, user)
    return user
  }

  userByName(username: string): FakeUser | undefined {
    return [...this.users.values()].find((u) => u.username.toLowerCase() === username.toLowerCase())
  }

  addCategory(id: number, slug: string, name: string): FakeCategory {
    const category = { id, slug, name }
    this.categories.set(id, category)
    return category
  }

  createTopic(input: { title: string; categoryId?: number | null; archetype?: FakeTopic['archetype']; allowedUserIds?: number[]; tags?: string[]; at?: number }): FakeTopic {
    const at = input.at ?? this.now()
    const topic: FakeTopic = {
      id: this.nextTopic++,
      title: input.title,
      slug: slugify(input.title),
      categoryId: input.categoryId ?? null,
      archetype: input.archetype ?? 'regular',
      allowedUserIds: input.allowedUserIds ?? [],
      tags: input.tags ?? [],
      closed: false,
      createdAt: at,
      bumpedAt: at,
    }
    this.topics.set(topic.id, topic)
    return topic
  }

  postsOf(topicId: number): FakePost[] {
    return [...this.posts.values()].filter((p) => p.topicId === topicId).sort((a, b) => a.postNumber - b.postNumber)
  }

  highestPostNumber(topicId: number): number {
    return Math.max(0, ...this.postsOf(topicId).map((p) => p.postNumber))
  }

  /** A post, and the notifications Discourse would send for it: mentions, a reply to someone's post, a private message. */
  createPost(input: { topicId: number; userId: number; raw: string; replyTo?: number | null; at?: number; cooked?: string }): FakePost {
    const at = input.at ?? this.now()
    const topic = this.topics.get(input.topicId)!
    const post: FakePost = {
      id: this.nextPost++,
      topicId: topic.id,
      postNumber: this.highestPostNumber(topic.id) + 1,
      userId: input.userId,
      raw: input.raw,
      replyTo: input.replyTo ?? null,
      createdAt: at,
      hidden: false,
      deletedAt: null,
    }
    if (input.cooked !== undefined) post.cooked = input.cooked
    this.posts.set(post.id, post)
    topic.bumpedAt = Math.max(topic.bumpedAt, at)
    const notify = new Map<number, number>()
    if (topic.archetype === 'private_message') for (const id of topic.allowedUserIds) notify.set(id, 6)
    if (post.replyTo) {
      const answered = this.postsOf(topic.id).find((p) => p.postNumber === post.replyTo)
      if (answered) notify.set(answered.userId, notify.get(answered.userId) ?? 2)
    }
    for (const match of input.raw.matchAll(/(?:^|\s)@([\w.-]+)/g)) {
      const user = this.userByName(match[1]!)
      if (user) notify.set(user.id, notify.has(user.id) && notify.get(user.id) === 6 ? 6 : 1)
    }
    notify.delete(post.userId)
    for (const [userId, type] of notify) {
      this.notifications.push({ id: this.nextNotification++, userId, type, topicId: topic.id, postNumber: post.postNumber, createdAt: at, fromUserId: post.userId, postId: post.id })
    }
    return post
  }

  canSee(userId: number, topic: FakeTopic | undefined): boolean {
    if (!topic) return false
    if (topic.archetype === 'regular') return true
    return topic.allowedUserIds.includes(userId)
  }

  /** A member's flag: the post joins the review queue (once), its score growing with each flag. */
  flag(postId: number, userId: number, type: number, at: number = this.now()): void {
    this.flags.push({ postId, userId, type })
    if (type === 2 || this.isStaff(userId)) return
    const open = this.reviewables.find((r) => r.postId === postId && r.status === 'pending')
    if (open) open.score += 1
    else this.reviewables.push({ id: this.reviewables.length + 1, postId, status: 'pending', createdAt: at, score: 1 })
  }

  isStaff(userId: number): boolean {
    const user = this.users.get(userId)
    return Boolean(user && (user.admin || user.moderator))
  }
}

// ── Entities, shaped as Discourse's OpenAPI description says (tests/fixtures/discourse/openapi.json). ──

const iso = (ms: number): string => new Date(ms).toISOString()
const avatar = (u: FakeUser): string => `/letter_avatar_proxy/v4/letter/${u.username[0]!.toLowerCase()}/8e7dd6/{size}.png`

export function userSummary(u: FakeUser): Record<string, unknown> {
  return { id: u.id, username: u.username, name: u.name, avatar_template: avatar(u) }
}

export function currentUserEntity(u: FakeUser): Record<string, unknown> {
  return { current_user: { ...userSummary(u), moderator: u.moderator, admin: u.admin, staff: u.admin || u.moderator, trust_level: 2 } }
}

/** One post: the fields of POST /posts.json (the strictest of the three answers that carry a post). */
export function postEntity(state: FakeDiscourseState, p: FakePost, viewerId: number): Record<string, unknown> {
  const u = state.users.get(p.userId)!
  const topic = state.topics.get(p.topicId)!
  const staff = state.isStaff(viewerId)
  return {
    id: p.id,
    name: u.name,
    username: u.username,
    avatar_template: avatar(u),
    created_at: iso(p.createdAt),
    raw: p.raw,
    cooked: p.deletedAt ? '<p>(post deleted by author)</p>' : (p.cooked ?? cook(p.raw)),
    post_number: p.postNumber,
    post_type: 1,
    posts_count: state.postsOf(topic.id).length,
    updated_at: iso(p.createdAt),
    reply_count: state.postsOf(topic.id).filter((x) => x.replyTo === p.postNumber).length,
    // The spec says string|null; Discourse sends a number (the spec's error, see tests/fixtures/discourse/SOURCE.md).
    reply_to_post_number: p.replyTo,
    quote_count: 0,
    incoming_link_count: 0,
    reads: 1,
    readers_count: 0,
    score: 0,
    yours: p.userId === viewerId,
    topic_id: topic.id,
    topic_slug: topic.slug,
    display_username: u.name,
    primary_group_name: null,
    flair_name: null,
    flair_url: null,
    flair_bg_color: null,
    flair_color: null,
    flair_group_id: null,
    badges_granted: [],
    version: 1,
    can_edit: p.userId === viewerId || staff,
    can_delete: p.userId === viewerId || staff,
    can_recover: false,
    can_see_hidden_post: staff,
    can_wiki: false,
    user_title: null,
    bookmarked: false,
    actions_summary: [
      { id: 4, can_act: p.userId !== viewerId },
      { id: 8, can_act: p.userId !== viewerId },
    ],
    moderator: u.moderator,
    admin: u.admin,
    staff: u.admin || u.moderator,
    user_id: u.id,
    draft_sequence: 0,
    hidden: p.hidden,
    trust_level: 1,
    deleted_at: p.deletedAt ? iso(p.deletedAt) : null,
    user_deleted: false,
    edit_reason: null,
    can_view_edit_history: true,
    wiki: false,
    reviewable_id: null,
    reviewable_score_count: 0,
    reviewable_score_pending_count: 0,
    post_url: `/t/${topic.slug}/${topic.id}/${p.postNumber}`,
    mentioned_users: [],
  }
}

/** A topic in a list: the fields /c/{slug}/{id}.json requires (and allows; only /tag/{name}.json lists tags). */
export function topicEntity(state: FakeDiscourseState, t: FakeTopic, withTags = false): Record<string, unknown> {
  const posts = state.postsOf(t.id).filter((p) => !p.deletedAt)
  const last = posts.at(-1)
  const posters = [...new Set(posts.map((p) => p.userId))].slice(0, 5)
  return {
    id: t.id,
    title: t.title,
    fancy_title: t.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    slug: t.slug,
    posts_count: posts.length,
    reply_count: Math.max(0, posts.length - 1),
    highest_post_number: state.highestPostNumber(t.id),
    image_url: null,
    created_at: iso(t.createdAt),
    last_posted_at: iso(last?.createdAt ?? t.createdAt),
    bumped: true,
    bumped_at: iso(t.bumpedAt),
    archetype: t.archetype,
    unseen: false,
    pinned: false,
    unpinned: null,
    excerpt: posts[0] ? posts[0].raw.slice(0, 200) : '',
    visible: true,
    closed: t.closed,
    archived: false,
    bookmarked: null,
    liked: null,
    views: 1,
    like_count: 0,
    has_summary: false,
    last_poster_username: last ? state.users.get(last.userId)!.username : '',
    category_id: t.categoryId,
    pinned_globally: false,
    featured_link: null,
    ...(withTags ? { tags: t.tags } : {}),
    posters: posters.map((userId, i) => ({ extras: i === 0 ? 'latest' : '', description: i === 0 ? 'Original Poster' : 'Frequent Poster', user_id: userId, primary_group_id: null })),
  }
}

export function notificationEntity(state: FakeDiscourseState, n: FakeNotification): Record<string, unknown> {
  const topic = state.topics.get(n.topicId)!
  const from = state.users.get(n.fromUserId)!
  return {
    id: n.id,
    user_id: n.userId,
    notification_type: n.type,
    read: false,
    created_at: iso(n.createdAt),
    post_number: n.postNumber,
    topic_id: topic.id,
    fancy_title: topic.title,
    slug: topic.slug,
    data: { topic_title: topic.title, original_post_id: n.postId, original_post_type: 1, original_username: from.username, revision_number: null, display_username: from.username },
  }
}

/** A flagged post in /review.json (Discourse's ReviewableFlaggedPostSerializer, the fields Parley reads and a few more). */
export function reviewableEntity(state: FakeDiscourseState, r: FakeReviewable): Record<string, unknown> {
  const post = state.posts.get(r.postId)!
  const topic = state.topics.get(post.topicId)!
  return {
    id: r.id,
    type: 'ReviewableFlaggedPost',
    type_source: 'unknown',
    topic_id: topic.id,
    topic_url: `/t/${topic.slug}/${topic.id}`,
    target_url: `/t/${topic.slug}/${topic.id}/${post.postNumber}`,
    target_id: post.id,
    target_type: 'Post',
    target_created_by_id: post.userId,
    post_number: post.postNumber,
    status: r.status === 'pending' ? 0 : r.status === 'approved' ? 1 : 2,
    created_at: iso(r.createdAt),
    score: r.score,
    version: 0,
    can_edit: false,
    editable_fields: [],
  }
}
