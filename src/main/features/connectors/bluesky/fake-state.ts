// Test infrastructure: the data behind the Bluesky fake server; never imported by the app.
import { createHash } from 'node:crypto'
import { tidFromTime } from './tid'

export interface FakeProfile {
  did: string
  handle: string
  displayName?: string
  avatar?: string
}

export interface FakeRecord {
  uri: string
  cid: string
  did: string
  collection: string
  rkey: string
  value: Record<string, unknown>
  indexedAt: string
}

export interface FakeNotification {
  uri: string
  reason: 'reply' | 'mention' | 'quote'
  reasonSubject?: string
  indexedAt: string
}

export interface FakeMessage {
  id: string
  rev: string
  convoId: string
  senderDid: string
  text: string
  facets?: unknown[]
  sentAt: string
}

export interface FakeConvo {
  id: string
  rev: string
  memberDids: string[]
}

export interface FakeLogEntry {
  rev: string
  convoId: string
  type: 'begin' | 'create'
  messageId?: string
}

export function fakeCid(seed: string): string {
  const bytes = createHash('sha256').update(seed).digest()
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return `bafyrei${out.slice(0, 52)}`
}

/** The brand account, its public posts and DMs: what the PDS, AppView and chat service would hold. */
export class FakeState {
  readonly profiles = new Map<string, FakeProfile>()
  readonly records = new Map<string, FakeRecord>()
  readonly notifications: FakeNotification[] = []
  readonly convos = new Map<string, FakeConvo>()
  readonly messages: FakeMessage[] = []
  readonly log: FakeLogEntry[] = []
  readonly mutes = new Set<string>()
  readonly deletedForSelf = new Set<string>()
  private lastMicros = 0
  private counter = 0

  constructor(readonly brandDid: string) {}

  /** Strictly increasing timestamps, like indexedAt on one AppView. */
  stamp(at?: number): string {
    const micros = Math.max((at ?? Date.now()) * 1000, this.lastMicros + 1000)
    if (at === undefined) this.lastMicros = micros
    return new Date(Math.floor(micros / 1000)).toISOString()
  }

  nextTid(): string {
    const micros = Math.max(Date.now() * 1000, this.lastMicros + 1)
    this.lastMicros = micros
    return tidFromTime(micros, 7)
  }

  addProfile(profile: FakeProfile): FakeProfile {
    this.profiles.set(profile.did, profile)
    return profile
  }

  actor(actor: string): FakeProfile | undefined {
    if (actor.startsWith('did:')) return this.profiles.get(actor)
    const handle = actor.replace(/^@/, '').toLowerCase()
    return [...this.profiles.values()].find((p) => p.handle.toLowerCase() === handle)
  }

  putRecord(did: string, collection: string, rkey: string, value: Record<string, unknown>, indexedAt = this.stamp()): FakeRecord {
    const uri = `at://${did}/${collection}/${rkey}`
    const record: FakeRecord = { uri, cid: fakeCid(`${uri}#${JSON.stringify(value)}`), did, collection, rkey, value, indexedAt }
    this.records.set(uri, record)
    return record
  }

  recordAt(did: string, collection: string, rkey: string): FakeRecord | undefined {
    return this.records.get(`at://${did}/${collection}/${rkey}`)
  }

  posts(): FakeRecord[] {
    return [...this.records.values()].filter((r) => r.collection === 'app.bsky.feed.post')
  }

  /** A post by anyone; `at` backdates it (seed data). */
  post(authorDid: string, text: string, extra: { reply?: FakeRecord; facets?: unknown[]; embed?: unknown; at?: number } = {}): FakeRecord {
    const indexedAt = this.stamp(extra.at)
    const value: Record<string, unknown> = { $type: 'app.bsky.feed.post', text, createdAt: indexedAt, langs: ['en'] }
    if (extra.reply) {
      const parentReply = extra.reply.value.reply as { root?: { uri: string; cid: string } } | undefined
      value.reply = { root: parentReply?.root ?? { uri: extra.reply.uri, cid: extra.reply.cid }, parent: { uri: extra.reply.uri, cid: extra.reply.cid } }
    }
    if (extra.facets) value.facets = extra.facets
    if (extra.embed) value.embed = extra.embed
    const rkey = tidFromTime(Date.parse(indexedAt) * 1000 + (this.counter++ % 1000), 3)
    return this.putRecord(authorDid, 'app.bsky.feed.post', rkey, value, indexedAt)
  }

  notify(post: FakeRecord, reason: FakeNotification['reason'], reasonSubject?: string): void {
    this.notifications.push({ uri: post.uri, reason, reasonSubject, indexedAt: post.indexedAt })
  }

  /** Whom a reply notifies: the parent's and the root's authors (the AppView also walks a few ancestors). */
  replyNotifiesBrand(post: FakeRecord): boolean {
    const reply = post.value.reply as { root: { uri: string }; parent: { uri: string } } | undefined
    if (!reply || post.did === this.brandDid) return false
    return [reply.root.uri, reply.parent.uri].some((uri) => uri.startsWith(`at://${this.brandDid}/`))
  }

  convo(id: string, memberDids: string[]): FakeConvo {
    let convo = this.convos.get(id)
    if (!convo) {
      convo = { id, rev: this.nextTid(), memberDids }
      this.convos.set(id, convo)
      this.log.push({ rev: convo.rev, convoId: id, type: 'begin' })
    }
    return convo
  }

  message(convoId: string, senderDid: string, text: string, at?: number): FakeMessage {
    const convo = this.convos.get(convoId)
    if (!convo) throw new Error(`no convo ${convoId}`)
    const rev = this.nextTid()
    const message: FakeMessage = { id: this.nextTid(), rev, convoId, senderDid, text, sentAt: at !== undefined ? new Date(at).toISOString() : new Date().toISOString() }
    this.messages.push(message)
    convo.rev = rev
    this.log.push({ rev, convoId, type: 'create', messageId: message.id })
    return message
  }
}
