// Test infrastructure: the state behind the X fake; never imported by the app.

export interface FakeXUser {
  id: string
  username: string
  name: string
}

export interface FakePost {
  id: string
  author: FakeXUser
  text: string
  createdAt: number
  conversationId: string
  /** The post this one answers, if any. */
  repliedTo: string | null
  inReplyToUserId: string | null
  hidden: boolean
}

export interface FakeDmEvent {
  id: string
  conversationId: string
  sender: FakeXUser
  text: string
  createdAt: number
}

/** Ids are 64-bit numbers written as strings, increasing with time like X's snowflakes. */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a)
  const y = BigInt(b)
  return x < y ? -1 : x > y ? 1 : 0
}

export class FakeXState {
  readonly posts = new Map<string, FakePost>()
  readonly dms: FakeDmEvent[] = []
  readonly users = new Map<string, FakeXUser>()
  readonly muted = new Set<string>()
  readonly dmBlocked = new Set<string>()
  private seq = 0n

  constructor(
    readonly brand: FakeXUser,
    private readonly now: () => number,
  ) {
    this.users.set(brand.id, brand)
  }

  nextId(): string {
    this.seq += 1n
    return (1_860_000_000_000_000_000n + this.seq).toString()
  }

  addUser(user: FakeXUser): FakeXUser {
    this.users.set(user.id, user)
    return user
  }

  addPost(input: { author: FakeXUser; text: string; replyTo?: string | null; at?: number }): FakePost {
    this.addUser(input.author)
    const parent = input.replyTo ? this.posts.get(input.replyTo) : null
    const id = this.nextId()
    const post: FakePost = {
      id,
      author: input.author,
      text: input.text,
      createdAt: input.at ?? this.now(),
      conversationId: parent?.conversationId ?? id,
      repliedTo: parent?.id ?? null,
      inReplyToUserId: parent?.author.id ?? null,
      hidden: false,
    }
    this.posts.set(id, post)
    return post
  }

  /** A 1:1 conversation's id is the two user ids, smaller first, joined by a dash (as X builds them). */
  conversationWith(user: FakeXUser): string {
    return [this.brand.id, user.id].sort(compareIds).join('-')
  }

  addDm(input: { from: FakeXUser; to?: FakeXUser; text: string; at?: number; conversationId?: string }): FakeDmEvent {
    this.addUser(input.from)
    const other = input.from.id === this.brand.id ? input.to! : input.from
    const event: FakeDmEvent = {
      id: this.nextId(),
      conversationId: input.conversationId ?? this.conversationWith(other),
      sender: input.from,
      text: input.text,
      createdAt: input.at ?? this.now(),
    }
    this.dms.push(event)
    return event
  }

  newestFirst(filter: (p: FakePost) => boolean): FakePost[] {
    return [...this.posts.values()].filter(filter).sort((a, b) => compareIds(b.id, a.id))
  }

  postsBy(userId: string): FakePost[] {
    return this.newestFirst((p) => p.author.id === userId)
  }
}
