import { NetworkError, type HttpClient, type HttpRequest } from '../../../base/http'
import { z, type ZodType } from 'zod'
import { loginSchema, messagesSchema, syncSchema, whoamiSchema, type SyncResponse } from './schema'

const CLIENT = '/_matrix/client/v3'
const eventIdSchema = z.object({ event_id: z.string().min(1) })
const whoamiRoomSchema = z.object({ room_id: z.string().min(1) })
const joinedRoomsSchema = z.object({ joined_rooms: z.array(z.string()) })
const anyObject = z.object({}).passthrough()

/** Percent-encodes a room id, event id, user id or transaction id for a path segment. */
const seg = (value: string): string => encodeURIComponent(value)

/** A thin, typed client for the few Matrix endpoints Parley calls. */
export class MatrixApi {
  constructor(
    private readonly http: HttpClient,
    readonly baseUrl: string,
    private readonly token: string | null,
  ) {}

  private async call<T>(path: string, schema: ZodType<T>, init: HttpRequest = {}): Promise<T> {
    const url = `${this.baseUrl}${CLIENT}${path}`
    const headers = { ...init.headers, ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}) }
    const response = await this.http.request(url, { ...init, headers })
    const parsed = schema.safeParse(response.json<unknown>())
    if (!parsed.success) throw new NetworkError(url, 'bad_body', `${new URL(url).host} did not answer like a Matrix homeserver.`)
    return parsed.data
  }

  login(user: string, password: string) {
    return this.call('/login', loginSchema, {
      method: 'POST',
      body: { type: 'm.login.password', identifier: { type: 'm.id.user', user }, password, initial_device_display_name: 'Parley' },
    })
  }

  whoami() {
    return this.call('/account/whoami', whoamiSchema)
  }

  /** One /sync; timeout 0 so a poll never hangs on the long-poll. */
  sync(since: string | null, filter: string): Promise<SyncResponse> {
    const q = new URLSearchParams({ timeout: '0', filter })
    if (since) q.set('since', since)
    return this.call(`/sync?${q}`, syncSchema)
  }

  joinRoom(roomIdOrAlias: string) {
    return this.call(`/join/${seg(roomIdOrAlias)}`, whoamiRoomSchema, { method: 'POST', body: {} })
  }

  joinedRooms() {
    return this.call('/joined_rooms', joinedRoomsSchema)
  }

  /** The newest events of a room, newest first. */
  messages(roomId: string, limit: number) {
    return this.call(`/rooms/${seg(roomId)}/messages?${new URLSearchParams({ dir: 'b', limit: String(limit) })}`, messagesSchema)
  }

  /** PUT with a transaction id: the homeserver returns the same event for a repeated txnId from the same device. */
  sendMessage(roomId: string, txnId: string, content: Record<string, unknown>) {
    return this.call(`/rooms/${seg(roomId)}/send/m.room.message/${seg(txnId)}`, eventIdSchema, { method: 'PUT', body: content })
  }

  redact(roomId: string, eventId: string, txnId: string, reason?: string) {
    return this.call(`/rooms/${seg(roomId)}/redact/${seg(eventId)}/${seg(txnId)}`, eventIdSchema, { method: 'PUT', body: reason ? { reason } : {} })
  }

  membership(roomId: string, action: 'kick' | 'ban', userId: string, reason?: string) {
    return this.call(`/rooms/${seg(roomId)}/${action}`, anyObject, { method: 'POST', body: { user_id: userId, ...(reason ? { reason } : {}) } })
  }
}
