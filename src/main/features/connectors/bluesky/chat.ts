import type { ChatBskyConvoDefs } from '@atproto/api'
import type { NormalizedItem } from '../../../model/items'
import type { PollOptions, PollResult } from '../../../model/connector'
import type { BlueskyApi } from './api'
import { isMessageView, mapMessage, type ProfileLike } from './mapping'
import { badShape, isBadTokenMethod } from './xrpc'

/** What the UI shows when the app password was made without DM access. */
import { DM_ACCESS_MESSAGE } from './dm-access'

export { DM_ACCESS_MESSAGE }

const MAX_LOG_PAGES = 20
const MAX_CONVO_PAGES = 10
const MAX_MESSAGE_PAGES = 10
const PAGE_SIZE = 100

/** The chat log's position (its cursor is the rev of the last event read). */
interface ChatCursor {
  v: 1
  rev: string
}

function readCursor(cursor: string | null): ChatCursor | null {
  if (!cursor) return null
  try {
    const value = JSON.parse(cursor) as Partial<ChatCursor>
    return value.v === 1 && typeof value.rev === 'string' && value.rev ? { v: 1, rev: value.rev } : null
  } catch {
    return null
  }
}

interface LogPage {
  cursor?: string
  logs?: unknown
}

/**
 * DMs. Every call goes through the PDS with the chat proxy header. An app
 * password without DM access is not an account failure: we note
 * settings.dmAccess = false (the UI shows DM_ACCESS_MESSAGE) and stop asking.
 */
export async function pollChat(api: BlueskyApi, cursor: string | null, options: PollOptions): Promise<PollResult> {
  if (api.ctx.account.settings.dmAccess === false) return { items: [], nextCursor: null }
  const ownDid = await api.did()
  const reader = new ChatReader(api, ownDid)
  let result: PollResult
  try {
    const position = readCursor(cursor)
    result = position ? await reader.readLog(position.rev) : await reader.backfill(options)
  } catch (error) {
    if (!isBadTokenMethod(error)) throw error
    await saveDmAccess(api, false)
    return { items: [], nextCursor: null }
  }
  if (api.ctx.account.settings.dmAccess !== true) await saveDmAccess(api, true)
  return result
}

async function saveDmAccess(api: BlueskyApi, dmAccess: boolean): Promise<void> {
  const settings = { ...api.ctx.account.settings, dmAccess }
  await api.ctx.saveSettings(settings)
  api.ctx.account.settings = settings
}

class ChatReader {
  private readonly profiles = new Map<string, ProfileLike>()
  private readonly askedConvos = new Set<string>()

  constructor(
    private readonly api: BlueskyApi,
    private readonly ownDid: string,
  ) {}

  private getLog(cursor: string | undefined): Promise<LogPage> {
    return this.api.query<LogPage>('chat.bsky.convo.getLog', { cursor }, { chat: true })
  }

  private learn(profiles: unknown): void {
    if (!Array.isArray(profiles)) return
    for (const p of profiles as ProfileLike[]) if (typeof p?.did === 'string') this.profiles.set(p.did, p)
  }

  /** relatedProfiles "should generally be present"; when a sender is unknown, the convo's members say who it is. */
  private async ensureSender(convoId: string, did: string): Promise<void> {
    if (this.profiles.has(did) || this.askedConvos.has(convoId)) return
    this.askedConvos.add(convoId)
    const res = await this.api.query<{ convo?: { members?: unknown } }>('chat.bsky.convo.getConvo', { convoId }, { chat: true })
    this.learn(res.convo?.members)
  }

  private async fromLogs(logs: unknown[]): Promise<NormalizedItem[]> {
    const items: NormalizedItem[] = []
    for (const log of logs) {
      if (typeof log !== 'object' || log === null) continue
      const entry = log as { $type?: unknown; convoId?: unknown; message?: unknown; relatedProfiles?: unknown }
      if (entry.$type !== 'chat.bsky.convo.defs#logCreateMessage' || typeof entry.convoId !== 'string' || !isMessageView(entry.message)) continue
      this.learn(entry.relatedProfiles)
      await this.ensureSender(entry.convoId, entry.message.sender.did)
      items.push(mapMessage(entry.message, entry.convoId, this.ownDid, this.profiles))
    }
    return items
  }

  /** Follows the log from `rev`; what is left after the page cap comes next poll (the log keeps it). */
  async readLog(rev: string): Promise<PollResult> {
    const items: NormalizedItem[] = []
    let position = rev
    for (let page = 0; page < MAX_LOG_PAGES; page++) {
      const res = await this.getLog(position)
      if (!Array.isArray(res.logs)) throw badShape(this.api.service, 'the chat log')
      items.push(...(await this.fromLogs(res.logs)))
      const next = typeof res.cursor === 'string' && res.cursor ? res.cursor : maxRev(res.logs, position)
      if (!res.logs.length || next === position) break
      position = next
    }
    return { items, nextCursor: JSON.stringify({ v: 1, rev: position } satisfies ChatCursor) }
  }

  /**
   * First poll: note where the log is now (so nothing sent during the
   * backfill is lost), then read each conversation back to backfillSince.
   */
  async backfill(options: PollOptions): Promise<PollResult> {
    const head = await this.getLog(undefined)
    let rev = typeof head.cursor === 'string' ? head.cursor : ''
    const items = Array.isArray(head.logs) ? await this.fromLogs(head.logs) : []
    let gap = false
    let convoCursor: string | undefined
    for (let page = 0; page < MAX_CONVO_PAGES; page++) {
      const res = await this.api.query<{ cursor?: string; convos?: unknown }>('chat.bsky.convo.listConvos', { limit: PAGE_SIZE, cursor: convoCursor }, { chat: true })
      if (!Array.isArray(res.convos)) throw badShape(this.api.service, 'conversations')
      for (const convo of res.convos as ChatBskyConvoDefs.ConvoView[]) {
        if (typeof convo?.id !== 'string') continue
        if (!head.cursor && typeof convo.rev === 'string' && convo.rev > rev) rev = convo.rev
        const lastAt = Date.parse(String((convo.lastMessage as { sentAt?: unknown } | undefined)?.sentAt ?? ''))
        if (Number.isFinite(lastAt) && lastAt < options.backfillSince) continue
        this.learn(convo.members)
        gap = (await this.backfillConvo(convo.id, options, items)) || gap
        options.onProgress?.(items.length)
      }
      if (!res.cursor || !res.convos.length) break
      if (page === MAX_CONVO_PAGES - 1) gap = true
      convoCursor = res.cursor
    }
    return { items, nextCursor: rev ? JSON.stringify({ v: 1, rev } satisfies ChatCursor) : null, gap: gap || undefined }
  }

  /** Newest-first pages back to backfillSince; true when the page cap cut it short. */
  private async backfillConvo(convoId: string, options: PollOptions, items: NormalizedItem[]): Promise<boolean> {
    let cursor: string | undefined
    for (let page = 0; page < MAX_MESSAGE_PAGES; page++) {
      const res = await this.api.query<{ cursor?: string; messages?: unknown; relatedProfiles?: unknown }>('chat.bsky.convo.getMessages', { convoId, limit: PAGE_SIZE, cursor }, { chat: true })
      if (!Array.isArray(res.messages)) throw badShape(this.api.service, 'messages')
      this.learn(res.relatedProfiles)
      let older = false
      for (const message of res.messages) {
        if (!isMessageView(message)) continue
        if (Date.parse(message.sentAt) < options.backfillSince) {
          older = true
          continue
        }
        await this.ensureSender(convoId, message.sender.did)
        items.push(mapMessage(message, convoId, this.ownDid, this.profiles))
      }
      if (older || !res.cursor || !res.messages.length) return false
      cursor = res.cursor
    }
    return true
  }
}

function maxRev(logs: unknown[], floor: string): string {
  let max = floor
  for (const log of logs) {
    const rev = (log as { rev?: unknown } | null)?.rev
    if (typeof rev === 'string' && rev > max) max = rev
  }
  return max
}
