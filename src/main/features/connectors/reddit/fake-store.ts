// Test infrastructure: the state behind the Reddit fake; never imported by the app.

export interface FakePost {
  id: string
  subreddit: string
  author: string
  title: string
  createdAt: number
  locked: boolean
}

export interface FakeComment {
  id: string
  postId: string
  /** Fullname of what it answers: the post (t3_) or a comment (t1_). */
  parentId: string
  subreddit: string
  author: string
  body: string
  createdAt: number
  removed: boolean
  spam: boolean
  approved: boolean
  locked: boolean
  /** Waiting in the mod queue (reported, or caught by the spam filter). */
  queued: boolean
  seq: number
}

export interface FakeMessage {
  id: string
  author: string
  dest: string
  subject: string
  body: string
  createdAt: number
  /** Fullname of the conversation's first message; null on the first message itself. */
  firstMessage: string | null
  parentId: string | null
  seq: number
}

export class FakeRedditState {
  readonly posts = new Map<string, FakePost>()
  readonly comments = new Map<string, FakeComment>()
  readonly messages = new Map<string, FakeMessage>()
  readonly banned = new Map<string, Set<string>>()
  private next = 1_000_000

  constructor(
    readonly brand: string,
    /** Subreddits the brand account moderates. */
    readonly moderates: Set<string>,
    private readonly now: () => number,
  ) {}

  /** Reddit's ids: base 36, increasing with time. */
  nextId(): string {
    this.next += 1
    return this.next.toString(36)
  }

  addPost(input: { subreddit: string; author: string; title: string; at?: number }): FakePost {
    const post: FakePost = { id: this.nextId(), subreddit: input.subreddit, author: input.author, title: input.title, createdAt: input.at ?? this.now(), locked: false }
    this.posts.set(post.id, post)
    return post
  }

  addComment(input: { post: FakePost; parentId?: string; author: string; body: string; at?: number; queued?: boolean }): FakeComment {
    const comment: FakeComment = {
      id: this.nextId(),
      postId: input.post.id,
      parentId: input.parentId ?? `t3_${input.post.id}`,
      subreddit: input.post.subreddit,
      author: input.author,
      body: input.body,
      createdAt: input.at ?? this.now(),
      removed: false,
      spam: false,
      approved: false,
      locked: false,
      queued: input.queued ?? false,
      seq: this.next,
    }
    this.comments.set(comment.id, comment)
    return comment
  }

  addMessage(input: { author: string; dest: string; subject: string; body: string; at?: number; replyTo?: FakeMessage }): FakeMessage {
    const parent = input.replyTo
    const message: FakeMessage = {
      id: this.nextId(),
      author: input.author,
      dest: input.dest,
      subject: parent ? `re: ${parent.subject.replace(/^re: /, '')}` : input.subject,
      body: input.body,
      createdAt: input.at ?? this.now(),
      firstMessage: parent ? (parent.firstMessage ?? `t4_${parent.id}`) : null,
      parentId: parent ? `t4_${parent.id}` : null,
      seq: this.next,
    }
    this.messages.set(message.id, message)
    return message
  }

  authorOf(fullname: string): string | null {
    const [kind, id] = fullname.split('_') as [string, string]
    if (kind === 't3') return this.posts.get(id)?.author ?? null
    if (kind === 't1') return this.comments.get(id)?.author ?? null
    return this.messages.get(id)?.author ?? null
  }

  newestComments(filter: (c: FakeComment) => boolean): FakeComment[] {
    return [...this.comments.values()].filter(filter).sort((a, b) => b.seq - a.seq)
  }

  newestMessages(filter: (m: FakeMessage) => boolean): FakeMessage[] {
    return [...this.messages.values()].filter(filter).sort((a, b) => b.seq - a.seq)
  }
}
