import { z } from 'zod'

/**
 * The parts of the Matrix client-server API (v1.x) Parley reads. Everything from the homeserver is
 * untrusted: schemas are loose (passthrough) and every field Parley does not need is optional.
 */

export const loginSchema = z.object({ access_token: z.string().min(1), device_id: z.string().min(1), user_id: z.string().min(1) })
export const whoamiSchema = z.object({ user_id: z.string().min(1), device_id: z.string().optional() })

export const roomEventSchema = z
  .object({
    type: z.string(),
    event_id: z.string(),
    sender: z.string(),
    origin_server_ts: z.number(),
    content: z.record(z.string(), z.unknown()).default({}),
    state_key: z.string().optional(),
    unsigned: z.object({ transaction_id: z.string().optional(), redacted_because: z.unknown().optional() }).passthrough().optional(),
    redacts: z.string().optional(),
  })
  .passthrough()
export type RoomEvent = z.infer<typeof roomEventSchema>

const strippedStateSchema = z.object({ type: z.string(), state_key: z.string().optional(), sender: z.string().optional(), content: z.record(z.string(), z.unknown()).default({}) }).passthrough()

const joinedRoomSchema = z
  .object({
    timeline: z.object({ events: z.array(z.unknown()).default([]), limited: z.boolean().optional(), prev_batch: z.string().optional() }).partial().default({}),
    state: z.object({ events: z.array(z.unknown()).default([]) }).partial().default({}),
  })
  .passthrough()

export const syncSchema = z
  .object({
    next_batch: z.string().min(1),
    rooms: z
      .object({
        join: z.record(z.string(), joinedRoomSchema).default({}),
        invite: z.record(z.string(), z.object({ invite_state: z.object({ events: z.array(strippedStateSchema).default([]) }).partial().default({}) }).passthrough()).default({}),
        leave: z.record(z.string(), z.unknown()).default({}),
      })
      .partial()
      .default({}),
    account_data: z.object({ events: z.array(z.object({ type: z.string(), content: z.record(z.string(), z.unknown()).default({}) }).passthrough()).default([]) }).partial().default({}),
  })
  .passthrough()
export type SyncResponse = z.infer<typeof syncSchema>

export const messagesSchema = z.object({ chunk: z.array(z.unknown()).default([]), end: z.string().optional() }).passthrough()

/** Parses what validates and drops the rest: one odd event never hides the others. */
export function parseEvents(list: unknown[]): RoomEvent[] {
  const out: RoomEvent[] = []
  for (const raw of list) {
    const parsed = roomEventSchema.safeParse(raw)
    if (parsed.success) out.push(parsed.data)
  }
  return out
}
