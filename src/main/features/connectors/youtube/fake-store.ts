// Test infrastructure: the state behind the YouTube fake; never imported by the app.

export type ModerationStatus = 'published' | 'heldForReview' | 'likelySpam' | 'rejected'

export interface FakeChannel {
  id: string
  title: string
  handle: string
  /** What the fake sends as the author's channel URL and avatar (a hostile server chooses these). */
  url?: string
  avatar?: string
}

export interface FakeComment {
  id: string
  videoId: string
  /** The channel the video belongs to. */
  channelId: string
  author: FakeChannel
  text: string
  parentId: string | null
  moderationStatus: ModerationStatus
  publishedAt: number
  updatedAt: number
  likeCount: number
}

/** Quota cost per method as YouTube documents it (developers.google.com/youtube/v3/determine_quota_cost). */
export const FAKE_COSTS = { list: 1, insert: 50, setModerationStatus: 50 } as const

export class FakeYouTubeState {
  readonly comments = new Map<string, FakeComment>()
  readonly banned = new Set<string>()
  /** Every moderation call, in order: what the tests read back. */
  readonly moderation: { id: string; status: string; banAuthor: boolean }[] = []
  /** Units charged today by the fake, the way YouTube charges them (failed calls included). */
  unitsUsed = 0
  private seq = 0

  constructor(
    readonly brand: FakeChannel,
    private readonly now: () => number,
  ) {}

  nextId(prefix: string): string {
    this.seq += 1
    return `${prefix}${this.seq.toString(36).padStart(6, '0')}`
  }

  addComment(input: { author: FakeChannel; text: string; videoId?: string; parentId?: string | null; status?: ModerationStatus; at?: number }): FakeComment {
    const at = input.at ?? this.now()
    const parent = input.parentId ? this.comments.get(input.parentId) : null
    const comment: FakeComment = {
      // Replies carry their thread's id before a dot, as YouTube's do.
      id: parent ? `${parent.id}.${this.nextId('r')}` : this.nextId('Ug'),
      videoId: parent?.videoId ?? input.videoId ?? 'vid-launch',
      channelId: this.brand.id,
      author: input.author,
      text: input.text,
      parentId: parent?.id ?? null,
      moderationStatus: input.status ?? 'published',
      publishedAt: at,
      updatedAt: at,
      likeCount: 0,
    }
    this.comments.set(comment.id, comment)
    return comment
  }

  /** Top-level comments, newest first (order=time). */
  threads(status: ModerationStatus): FakeComment[] {
    return [...this.comments.values()]
      .filter((c) => c.parentId === null && c.moderationStatus === status)
      .sort((a, b) => b.publishedAt - a.publishedAt || (a.id < b.id ? 1 : -1))
  }

  replies(parentId: string): FakeComment[] {
    return [...this.comments.values()].filter((c) => c.parentId === parentId && c.moderationStatus === 'published').sort((a, b) => a.publishedAt - b.publishedAt)
  }

  postedBy(channelId: string): FakeComment[] {
    return [...this.comments.values()].filter((c) => c.author.id === channelId)
  }
}
