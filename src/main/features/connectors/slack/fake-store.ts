// Test infrastructure: the state of a fake Slack workspace; never imported by the app.

export interface FakeSlackUser {
  id: string
  name: string
  realName: string
  displayName: string
  bot: boolean
}

export interface FakeSlackChannel {
  id: string
  name: string
  private: boolean
  archived: boolean
  purpose: string
  /** User ids in the channel (the bot must be one to read it). */
  members: string[]
  /** A direct message channel with this user. */
  im: boolean
  imUser?: string
}

export interface FakeSlackMessage {
  channel: string
  ts: string
  user?: string
  botId?: string
  team?: string
  text: string
  subtype?: string
  /** Set on replies (the root's ts) and on broadcast replies. */
  threadTs?: string
  metadata?: { event_type: string; event_payload: Record<string, unknown> }
  files?: { id: string; name: string; title: string }[]
  deleted?: boolean
}

export class FakeSlackState {
  readonly teamId = 'T0LUMEN01'
  readonly team = 'Lumen Riders'
  readonly appId = 'A0PARLEY1'
  readonly users = new Map<string, FakeSlackUser>()
  readonly channels = new Map<string, FakeSlackChannel>()
  readonly messages: FakeSlackMessage[] = []
  private lastTs = 0
  private nextChannel = 1

  constructor(private readonly now: () => number) {}

  addUser(id: string, name: string, realName: string, bot = false): FakeSlackUser {
    const user = { id, name, realName, displayName: realName.split(' ')[0]!, bot }
    this.users.set(id, user)
    return user
  }

  addChannel(name: string, members: string[], options: { private?: boolean; archived?: boolean } = {}): FakeSlackChannel {
    const id = `C0${String(this.nextChannel++).padStart(7, '0')}`
    const channel: FakeSlackChannel = { id, name, private: Boolean(options.private), archived: Boolean(options.archived), purpose: '', members, im: false }
    this.channels.set(id, channel)
    return channel
  }

  addIm(userId: string, botUserId: string): FakeSlackChannel {
    const id = `D0${String(this.nextChannel++).padStart(7, '0')}`
    const channel: FakeSlackChannel = { id, name: '', private: true, archived: false, purpose: '', members: [userId, botUserId], im: true, imUser: userId }
    this.channels.set(id, channel)
    return channel
  }

  /** Slack's ts: seconds and a six-digit sequence, unique and increasing within the workspace. */
  nextTs(at?: number): string {
    const micros = Math.max(Math.round((at ?? this.now()) * 1000), this.lastTs + 1)
    this.lastTs = micros
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`
  }

  post(input: Omit<FakeSlackMessage, 'ts'> & { at?: number }): FakeSlackMessage {
    const { at, ...rest } = input
    const message: FakeSlackMessage = { ...rest, ts: this.nextTs(at), team: this.teamId }
    this.messages.push(message)
    return message
  }

  find(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts && !m.deleted)
  }

  /** Top-level messages of a channel and broadcast replies, as history lists them. */
  history(channel: string): FakeSlackMessage[] {
    return this.messages.filter((m) => m.channel === channel && !m.deleted && (!m.threadTs || m.threadTs === m.ts || m.subtype === 'thread_broadcast'))
  }

  repliesOf(root: FakeSlackMessage): FakeSlackMessage[] {
    return this.messages.filter((m) => m.channel === root.channel && !m.deleted && m.threadTs === root.ts && m.ts !== root.ts)
  }
}
