import type { PollOptions, PollResult } from '../../../model/connector'
import type { NormalizedItem } from '../../../model/items'
import type { MatrixApi } from './api'
import { eventToItem, type MatrixIdentity } from './mapping'
import { parseEvents, type SyncResponse } from './schema'

/** The stream's cursor: the homeserver's next_batch token and the rooms known to be DMs. */
interface SyncCursor {
  since: string
  dms: string[]
}

/** Per joined room on each sync: enough history for a first look, members only for those who speak. */
export const SYNC_FILTER = JSON.stringify({
  room: { timeline: { limit: 50, types: ['m.room.message', 'm.room.member'] }, state: { lazy_load_members: true } },
  presence: { not_types: ['*'] },
})

export function readCursor(cursor: string | null): SyncCursor | null {
  if (!cursor) return null
  try {
    const parsed = JSON.parse(cursor) as Partial<SyncCursor>
    if (typeof parsed.since === 'string' && parsed.since) return { since: parsed.since, dms: Array.isArray(parsed.dms) ? parsed.dms.filter((d) => typeof d === 'string') : [] }
  } catch {
    // A cursor from another version: start over, ingest drops what it already has.
  }
  return null
}

/** m.direct maps each partner to their DM rooms; any room in it is a DM. */
function directRooms(sync: SyncResponse): string[] {
  const out: string[] = []
  for (const event of sync.account_data?.events ?? []) {
    if (event.type !== 'm.direct') continue
    for (const rooms of Object.values(event.content)) if (Array.isArray(rooms)) out.push(...rooms.filter((r): r is string => typeof r === 'string'))
  }
  return out
}

export interface SyncSettings {
  /** Room ids or aliases the user picked; empty: every room the account is in. */
  rooms: string[]
}

/**
 * Joins the invitations Parley should follow: direct messages to the brand (a DM is a conversation
 * like any other) and rooms the user picked. Other invitations wait for a person to decide.
 */
async function acceptInvites(api: MatrixApi, sync: SyncResponse, me: MatrixIdentity, picked: Set<string>, dms: Set<string>): Promise<void> {
  for (const [roomId, invite] of Object.entries(sync.rooms?.invite ?? {})) {
    const own = (invite.invite_state?.events ?? []).find((e) => e.type === 'm.room.member' && e.state_key === me.userId)
    const direct = own?.content.is_direct === true
    if (!direct && !picked.has(roomId)) continue
    try {
      await api.joinRoom(roomId)
      if (direct) dms.add(roomId)
    } catch {
      // The inviter may have withdrawn it; the next sync shows it again if it still stands.
    }
  }
}

export async function pollSync(api: MatrixApi, me: MatrixIdentity, settings: SyncSettings, cursor: string | null, options: PollOptions): Promise<PollResult> {
  const previous = readCursor(cursor)
  const sync = await api.sync(previous?.since ?? null, SYNC_FILTER)
  const dms = new Set([...(previous?.dms ?? []), ...directRooms(sync)])
  const picked = new Set(settings.rooms)
  await acceptInvites(api, sync, me, picked, dms)

  const items: NormalizedItem[] = []
  let gap = false
  for (const [roomId, room] of Object.entries(sync.rooms?.join ?? {})) {
    const isDm = dms.has(roomId)
    if (picked.size && !picked.has(roomId) && !isDm) continue
    const events = parseEvents([...(room.state?.events ?? []), ...(room.timeline?.events ?? [])])
    const names = new Map<string, string>()
    for (const e of events) {
      if (e.type === 'm.room.member' && e.state_key && typeof e.content.displayname === 'string') names.set(e.state_key, e.content.displayname)
    }
    for (const event of parseEvents(room.timeline?.events ?? [])) {
      if (!previous && event.origin_server_ts < options.backfillSince) continue
      const item = eventToItem(event, roomId, isDm, me, names)
      if (item) items.push(item)
    }
    // A limited timeline on an incremental sync skipped events Parley will not see.
    if (previous && room.timeline?.limited) gap = true
  }
  options.onProgress?.(items.length)
  const next: SyncCursor = { since: sync.next_batch, dms: [...dms].sort() }
  return { items, nextCursor: JSON.stringify(next), ...(gap ? { gap } : {}) }
}
