import { onBeforeUnmount, watch, type Ref } from 'vue'
import { useApi } from '@renderer/api/client'

/** Renewed well inside the core's 30 s expiry while the composer holds text. */
export const HEARTBEAT_MS = 12_000

/**
 * Tells the core this profile is drafting in a conversation while `drafting` is true (draft saves
 * also count), and that it stopped when it turns false, the conversation changes or the composer goes.
 */
export function usePresenceHeartbeat(conversationId: Ref<number | null>, drafting: Ref<boolean>): void {
  let timer: ReturnType<typeof setInterval> | null = null
  let beating: number | null = null

  const send = (id: number, on: boolean): void => {
    void useApi()
      .call('presence.heartbeat', { conversationId: id, drafting: on })
      .catch(() => undefined)
  }
  const stop = (): void => {
    if (timer) clearInterval(timer)
    timer = null
    if (beating !== null) send(beating, false)
    beating = null
  }

  watch(
    [conversationId, drafting],
    ([id, on]) => {
      if (id === null || !on) return stop()
      if (beating === id) return
      stop()
      beating = id
      send(id, true)
      timer = setInterval(() => send(id, true), HEARTBEAT_MS)
    },
    { immediate: true },
  )
  onBeforeUnmount(stop)
}
