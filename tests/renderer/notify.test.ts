// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventPayload, Profile, ProfileInfo } from '@shared/contract'
import { createClient, setApi, useApi } from '@renderer/api/client'
import ApprovalQueue from '@renderer/components/ApprovalQueue.vue'
import { approvalNotice, enableNotifications, notifyPermission, startApprovalNotifications } from '@renderer/lib/notify'
import { useAppStore } from '@renderer/stores/app'
import { useConversationStore } from '@renderer/stores/conversation'
import { useProfilesStore } from '@renderer/stores/profiles'
import { fakeTransport } from './fake-transport'

const alex: Profile = { id: 2, name: 'Alex', role: 'agent' }
const sam: Profile = { id: 3, name: 'Sam', role: 'supervisor' }
const kim: Profile = { id: 4, name: 'Kim', role: 'admin' }
const info = (p: Profile): ProfileInfo => ({ ...p, uid: `uid-${p.id}`, hasPassphrase: p.role !== 'agent' }) as ProfileInfo

type Change = EventPayload<'approvals.changed'>
const change = (patch: Partial<Change> = {}): Change => ({
  conversationId: 7,
  approvalId: 'ap-1',
  kind: 'submitted',
  authorId: alex.id,
  decidedBy: null,
  summary: 'Thanks for asking! It fits.',
  ...patch,
})

/** A stand-in for the browser's Notification: records what was shown and what was asked. */
class FakeNotification {
  static permission: NotificationPermission = 'default'
  static shown: FakeNotification[] = []
  static requestPermission = vi.fn(async (): Promise<NotificationPermission> => (FakeNotification.permission = 'granted'))
  onclick: ((event: Event) => void) | null = null
  closed = false
  constructor(
    readonly title: string,
    readonly options: NotificationOptions = {},
  ) {
    FakeNotification.shown.push(this)
  }
  close(): void {
    this.closed = true
  }
}

function setup(profile: Profile) {
  setActivePinia(createPinia())
  const fake = fakeTransport({
    'conversations.get': () => {
      throw new Error('not needed here')
    },
    'approvals.list': () => [],
  })
  setApi(createClient(fake.transport))
  useAppStore().info = { version: '0', dataDir: '/tmp', profile, isEmpty: false, hasDemo: false }
  useProfilesStore().list = [alex, sam, kim].map(info)
  return fake
}

beforeEach(() => {
  FakeNotification.permission = 'default'
  FakeNotification.shown = []
  FakeNotification.requestPermission.mockClear()
  vi.stubGlobal('Notification', FakeNotification)
  notifyPermission.value = 'default'
})

afterEach(() => {
  vi.unstubAllGlobals()
  setApi(null)
})

describe('approvalNotice', () => {
  const nameOf = (id: number): string => [alex, sam, kim].find((p) => p.id === id)!.name

  it('tells supervisors and admins about a reply submitted by someone else', () => {
    expect(approvalNotice(change(), sam, nameOf)).toEqual({ title: 'Reply waiting for your approval', body: 'Alex: “Thanks for asking! It fits.”' })
    expect(approvalNotice(change(), kim, nameOf)?.title).toBe('Reply waiting for your approval')
  })

  it('stays quiet for agents, for the author, and for whoever just approved the first step', () => {
    expect(approvalNotice(change(), alex, nameOf)).toBeNull()
    expect(approvalNotice(change({ authorId: sam.id }), sam, nameOf)).toBeNull()
    expect(approvalNotice(change({ decidedBy: sam.id }), sam, nameOf)).toBeNull()
    expect(approvalNotice(change({ decidedBy: sam.id }), kim, nameOf)?.title).toBe('Reply waiting for your approval')
  })

  it('tells the author about a decision by someone else, and nobody else', () => {
    expect(approvalNotice(change({ kind: 'approved', decidedBy: sam.id }), alex, nameOf)).toEqual({ title: 'Your reply was approved', body: '“Thanks for asking! It fits.” — Sam' })
    expect(approvalNotice(change({ kind: 'changes_requested', decidedBy: sam.id }), alex, nameOf)?.title).toBe('Your reply was sent back')
    expect(approvalNotice(change({ kind: 'rejected', decidedBy: sam.id }), alex, nameOf)?.title).toBe('Your reply was rejected')
    expect(approvalNotice(change({ kind: 'approved', decidedBy: sam.id }), sam, nameOf)).toBeNull()
    expect(approvalNotice(change({ kind: 'approved', decidedBy: sam.id }), kim, nameOf)).toBeNull()
    expect(approvalNotice(change({ kind: 'voided' }), alex, nameOf)).toBeNull()
    expect(approvalNotice(change({ kind: 'voided' }), sam, nameOf)).toBeNull()
  })
})

describe('approval notifications', () => {
  it('shows nothing until permission is granted', () => {
    const fake = setup(sam)
    const stop = startApprovalNotifications(useApi())
    fake.emit('approvals.changed', change())
    expect(FakeNotification.shown).toEqual([])
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled()
    stop()
  })

  it('notifies an approver once per outcome, and clicking opens the conversation', async () => {
    FakeNotification.permission = 'granted'
    const fake = setup(sam)
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined)
    const conversation = useConversationStore()
    const open = vi.spyOn(conversation, 'open').mockResolvedValue()
    const app = useAppStore()
    app.showScreen('outbox')
    const stop = startApprovalNotifications(useApi())

    fake.emit('approvals.changed', change())
    fake.emit('approvals.changed', change()) // the same outcome again (an outbox step): no second notification
    expect(FakeNotification.shown.map((n) => [n.title, n.options.body])).toEqual([['Reply waiting for your approval', 'Alex: “Thanks for asking! It fits.”']])
    expect(FakeNotification.shown[0]!.options.tag).toBe('parley-approval-ap-1')

    FakeNotification.shown[0]!.onclick!(new Event('click'))
    await flushPromises()
    expect(focus).toHaveBeenCalled()
    expect(open).toHaveBeenCalledWith(7)
    expect(app.screen).toBe('inbox')
    expect(FakeNotification.shown[0]!.closed).toBe(true)

    // Sam's own decision: quiet.
    fake.emit('approvals.changed', change({ kind: 'approved', decidedBy: sam.id }))
    expect(FakeNotification.shown).toHaveLength(1)
    stop()
    fake.emit('approvals.changed', change({ approvalId: 'ap-2' }))
    expect(FakeNotification.shown).toHaveLength(1)
  })

  it('tells the author about decisions, not about their own submission', () => {
    FakeNotification.permission = 'granted'
    const fake = setup(alex)
    const stop = startApprovalNotifications(useApi())
    fake.emit('approvals.changed', change())
    expect(FakeNotification.shown).toEqual([])
    fake.emit('approvals.changed', change({ kind: 'changes_requested', decidedBy: sam.id }))
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(['Your reply was sent back'])
    stop()
  })

  it('does nothing where the Notification API does not exist', async () => {
    vi.stubGlobal('Notification', undefined)
    const fake = setup(sam)
    const stop = startApprovalNotifications(useApi())
    fake.emit('approvals.changed', change())
    expect(await enableNotifications()).toBe('unsupported')
    stop()
  })
})

describe('Turn on notifications', () => {
  it('asks for permission only when clicked, then hides the button', async () => {
    setup(sam)
    const w = mount(ApprovalQueue, { props: { conversationId: null } })
    await flushPromises()
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled()
    await w.get('[data-testid="notify-enable"]').trigger('click')
    await flushPromises()
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1)
    expect(notifyPermission.value).toBe('granted')
    expect(w.find('[data-testid="notify-enable"]').exists()).toBe(false)
    w.unmount()
  })

  it('is not offered once the user decided', async () => {
    FakeNotification.permission = 'denied'
    notifyPermission.value = 'denied'
    setup(sam)
    const w = mount(ApprovalQueue, { props: { conversationId: null } })
    await flushPromises()
    expect(w.find('[data-testid="notify-enable"]').exists()).toBe(false)
    expect(await enableNotifications()).toBe('denied')
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled()
    w.unmount()
  })
})
