import { ref } from 'vue'
import type { EventPayload, Profile } from '@shared/contract'
import type { ApiClient } from '@renderer/api/client'
import { useAppStore } from '@renderer/stores/app'
import { useConversationStore } from '@renderer/stores/conversation'
import { useInboxStore } from '@renderer/stores/inbox'
import { useProfilesStore } from '@renderer/stores/profiles'

/**
 * Desktop notifications for the approval workflow, through the browser's Notification API
 * (in Electron the OS shows them; the shell allows this one permission for the app itself).
 * Permission is asked only from a click ("Turn on notifications"), never on load.
 */
export type NotifyPermission = NotificationPermission | 'unsupported'

type ApprovalChange = EventPayload<'approvals.changed'>

const api = (): typeof Notification | null => (typeof globalThis.Notification === 'function' ? globalThis.Notification : null)
const read = (): NotifyPermission => api()?.permission ?? 'unsupported'

/** The permission as the UI shows it: the button only appears while it is 'default'. */
export const notifyPermission = ref<NotifyPermission>(read())

/** Call from a click handler only: browsers ignore (or punish) requests made without a user gesture. */
export async function enableNotifications(): Promise<NotifyPermission> {
  const N = api()
  if (!N) return (notifyPermission.value = 'unsupported')
  if (N.permission !== 'default') return (notifyPermission.value = N.permission)
  try {
    notifyPermission.value = await N.requestPermission()
  } catch {
    notifyPermission.value = read()
  }
  return notifyPermission.value
}

const decided: Partial<Record<ApprovalChange['kind'], string>> = {
  approved: 'Your reply was approved',
  changes_requested: 'Your reply was sent back',
  rejected: 'Your reply was rejected',
}

/**
 * What to tell this profile about a change, or null. Approvers hear about submissions by
 * others; authors hear about decisions by others. Nobody hears about their own actions.
 */
export function approvalNotice(change: ApprovalChange, me: Profile, nameOf: (id: number) => string): { title: string; body: string } | null {
  const quoted = change.summary ? `“${change.summary}”` : ''
  if (change.kind === 'submitted') {
    const approver = me.role === 'supervisor' || me.role === 'admin'
    if (!approver || me.id === change.authorId || me.id === change.decidedBy) return null
    return { title: 'Reply waiting for your approval', body: [nameOf(change.authorId), quoted].filter(Boolean).join(': ') }
  }
  const title = decided[change.kind]
  if (!title || me.id !== change.authorId || change.decidedBy === null || change.decidedBy === me.id) return null
  return { title, body: [quoted, `— ${nameOf(change.decidedBy)}`].filter(Boolean).join(' ') }
}

/** Shows notifications for approvals.changed while permission is granted. Returns a stop function. */
export function startApprovalNotifications(client: ApiClient): () => void {
  const app = useAppStore()
  const profiles = useProfilesStore()
  const conversation = useConversationStore()
  const inbox = useInboxStore()
  // The outbox re-announces a request as its reply moves on: tell each outcome once.
  const told = new Set<string>()
  const nameOf = (id: number): string => profiles.list.find((p) => p.id === id)?.name ?? 'A teammate'

  const open = (conversationId: number): void => {
    window.focus()
    app.showScreen('inbox')
    inbox.select(conversationId)
    void conversation.open(conversationId)
  }

  return client.on('approvals.changed', (change) => {
    const N = api()
    const me = app.profile
    if (!N || N.permission !== 'granted' || !me) return
    const key = `${change.approvalId}:${change.kind}`
    if (told.has(key)) return
    const notice = approvalNotice(change, me, nameOf)
    if (!notice) return
    told.add(key)
    try {
      const shown = new N(notice.title, { body: notice.body, tag: `parley-approval-${change.approvalId}` })
      shown.onclick = () => {
        shown.close()
        open(change.conversationId)
      }
    } catch {
      // Some platforms refuse page-made notifications; the queue and counts still show the change.
    }
  })
}
