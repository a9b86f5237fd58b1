import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { OperationOutput, Profile } from '@shared/contract'
import { ApiError, plainMessage, useApi } from '@renderer/api/client'
import type { ConnectionState } from '@renderer/api/connection'

export type AppInfo = OperationOutput<'app.info'>

export interface Toast {
  id: number
  message: string
  kind: 'error' | 'info'
  /** A button on the toast (Undo); running it dismisses the toast. */
  action?: { label: string; run: () => unknown }
  /** When what the toast counts down to happens (a reply's send): shown as "sending in N s". */
  until?: number
}

export interface ToastOptions {
  action?: Toast['action']
  /** How long it stays; an Undo toast stays as long as the undo is possible. */
  durationMs?: number
  until?: number
}

const TOAST_MS = 7000

/** The main area: the three-pane inbox, or the Channels screen (accounts, sync health, secrets). */
export type Screen = 'inbox' | 'channels' | 'outbox' | 'listening' | 'rules' | 'spam' | 'reports'

/** Who and where we are (app.info), the link to the core, and non-blocking messages. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const loading = ref(false)
  const loadError = ref<string | null>(null)
  const connection = ref<ConnectionState>('online')
  /** The core refused our token (e.g. Parley restarted with a new one). */
  const unauthorized = ref(false)
  const toasts = ref<Toast[]>([])
  const screen = ref<Screen>('inbox')
  let nextToastId = 1

  const profile = computed<Profile | null>(() => info.value?.profile ?? null)
  const isEmpty = computed(() => info.value?.isEmpty ?? false)

  async function loadInfo(): Promise<void> {
    loading.value = true
    try {
      info.value = await useApi().call('app.info', {})
      loadError.value = null
    } catch (error) {
      if (!report(error)) loadError.value = plainMessage(error)
    } finally {
      loading.value = false
    }
  }

  function notify(message: string, kind: Toast['kind'] = 'info', options: ToastOptions = {}): void {
    // The same message twice in a row is one toast, not a stack; a new Undo replaces the older one's.
    const same = toasts.value.find((t) => t.message === message)
    if (same && !options.action) return
    if (same) dismiss(same.id)
    const id = nextToastId++
    toasts.value.push({ id, message, kind, ...(options.action ? { action: options.action } : {}), ...(options.until ? { until: options.until } : {}) })
    setTimeout(() => dismiss(id), options.durationMs ?? TOAST_MS)
  }

  /** Runs a toast's action once (a second click finds it gone) and takes the toast away. */
  async function runAction(id: number): Promise<void> {
    const toast = toasts.value.find((t) => t.id === id)
    if (!toast?.action) return
    dismiss(id)
    await toast.action.run()
  }

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id)
  }

  /** Shows a failure in plain words (a toast). Returns true when it was an auth failure handled by its own screen. */
  function report(error: unknown): boolean {
    if (error instanceof ApiError && error.code === 'unauthorized') {
      unauthorized.value = true
      return true
    }
    notify(plainMessage(error), 'error')
    return false
  }

  function setConnection(state: ConnectionState): void {
    connection.value = state
  }

  function showScreen(next: Screen): void {
    screen.value = next
  }

  return {
    info,
    loading,
    loadError,
    connection,
    unauthorized,
    toasts,
    screen,
    profile,
    isEmpty,
    loadInfo,
    notify,
    runAction,
    dismiss,
    report,
    setConnection,
    showScreen,
  }
})
