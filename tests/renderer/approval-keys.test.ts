// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Approval, OutboxItem, Profile } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import ApprovalCard from '@renderer/components/ApprovalCard.vue'
import { createShortcutDispatcher, type ShortcutHandlers } from '@renderer/lib/shortcuts'
import { withTriage } from '@renderer/lib/triage-actions'
import { useAppStore } from '@renderer/stores/app'
import { useApprovalsStore } from '@renderer/stores/approvals'
import { useInboxStore } from '@renderer/stores/inbox'
import { useTriageStore } from '@renderer/stores/triage'
import { conversationSummary, pendingApproval, queuedOutboxItem } from './entities'
import { fakeTransport } from './fake-transport'

const mira: Profile = { id: 3, name: 'Mira', role: 'supervisor' }

const row = conversationSummary

const approval = (id: string, conversationId: number): Approval => pendingApproval({ id, conversationId, body: `Reply ${id}` })

const queued = (approvalId: string, conversationId: number): OutboxItem =>
  queuedOutboxItem({ id: `out-${approvalId}`, conversationId, approvalId, body: `Reply ${approvalId}`, notBefore: Date.now() + 10_000 })

/** The Needs approval view with two conversations waiting, the first selected in the list; keys go through the app's dispatcher. */
function setup(view: 'needs_approval' | 'inbox' = 'needs_approval') {
  setActivePinia(createPinia())
  let pending = [approval('ap-1', 11), approval('ap-2', 12)]
  let rows = [row(11), row(12)]
  const fake = fakeTransport({
    'approvals.list': () => pending,
    'outbox.list': () => [],
    'conversations.list': () => ({ items: rows, nextCursor: null }),
    'approvals.approve': (input) => {
      const id = (input as { approvalId: string }).approvalId
      const a = pending.find((p) => p.id === id)!
      pending = pending.filter((p) => p.id !== id)
      rows = rows.filter((r) => r.id !== a.conversationId)
      return { approval: { ...a, status: 'approved' }, outboxItem: queued(id, a.conversationId) }
    },
    'outbox.cancel': (input) => {
      const { id } = input as { id: string }
      pending = [approval('ap-1', 11), ...pending]
      rows = [row(11), ...rows]
      return { ...queued(id.replace('out-', ''), 11), state: 'cancelled' }
    },
    'conversations.setStatus': (input) => ({ changed: (input as { ids: number[] }).ids }),
    'conversations.assign': (input) => ({ changed: (input as { ids: number[] }).ids }),
    'conversations.addTags': (input) => ({ changed: (input as { ids: number[] }).ids }),
    'conversations.removeTags': (input) => ({ changed: (input as { ids: number[] }).ids }),
    'tags.list': () => [],
    'profiles.list': () => [],
  })
  setApi(createClient(fake.transport))
  const app = useAppStore()
  app.info = { version: '0', dataDir: '/tmp', profile: mira, isEmpty: false, hasDemo: false }
  const inbox = useInboxStore()
  inbox.view = view
  inbox.items = rows
  inbox.select(11)
  const approvals = useApprovalsStore()
  approvals.pending = pending
  const base: ShortcutHandlers = {
    next: vi.fn(),
    previous: vi.fn(),
    open: vi.fn(),
    back: vi.fn(),
    reply: vi.fn(),
    goInbox: vi.fn(),
    goDone: vi.fn(),
    goChannels: vi.fn(),
    help: vi.fn(),
  }
  const { handlers, commands } = withTriage(base)
  useTriageStore().commands = commands
  const dispatch = createShortcutDispatcher(handlers)
  const press = async (key: string, init: KeyboardEventInit = {}): Promise<void> => {
    dispatch(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
    await flushPromises()
  }
  return { fake, app, inbox, approvals, triage: useTriageStore(), press, commands }
}

afterEach(() => {
  setApi(null)
  document.body.innerHTML = ''
})

describe('Needs approval keys act on the reply of the row selected in the list', () => {
  it('a approves it (not Assign); the row and its card leave at once; the toast offers Undo for the undo window', async () => {
    const { fake, inbox, approvals, triage, app, press } = setup()
    await press('a')
    expect(triage.picker).toBeNull()
    expect(fake.callsOf('approvals.approve').map((c) => c.input)).toEqual([{ approvalId: 'ap-1', bodyHash: 'a'.repeat(64) }])
    expect(approvals.pending.map((a) => a.id)).toEqual(['ap-2'])
    expect(inbox.items.map((r) => r.id)).toEqual([12])
    // The cursor stays in place: the next row is selected, ready for the next key.
    expect(inbox.selectedId).toBe(12)
    const toast = app.toasts.find((t) => t.action)
    expect(toast?.message).toBe('Approved Sam’s reply to Person 11')
    expect(toast?.until).toBeGreaterThan(Date.now())
    expect(toast?.action?.label).toBe('Undo')

    await app.runAction(toast!.id)
    await flushPromises()
    expect(fake.callsOf('outbox.cancel').map((c) => c.input)).toEqual([{ id: 'out-ap-1', reopenApproval: true }])
    expect(approvals.pending.map((a) => a.id)).toEqual(['ap-1', 'ap-2'])
    expect(inbox.items.map((r) => r.id)).toEqual([11, 12])
    expect(app.toasts.some((t) => t.action)).toBe(false)
  })

  it('e, c and x open the edit, changes and reject boxes of that reply; they do not mark done or select', async () => {
    const { fake, inbox, approvals, press } = setup()
    await press('e')
    expect(approvals.request).toEqual({ approvalId: 'ap-1', mode: 'edit' })
    inbox.select(12)
    await press('c')
    expect(approvals.request).toEqual({ approvalId: 'ap-2', mode: 'changes' })
    await press('x')
    expect(approvals.request).toEqual({ approvalId: 'ap-2', mode: 'reject' })
    expect(fake.callsOf('conversations.setStatus')).toEqual([])
    expect(inbox.checked.size).toBe(0)
  })

  it('triage keys that would change the conversation rest there: Shift+E, t and s', async () => {
    const { fake, triage, press, app } = setup()
    await press('E', { shiftKey: true })
    await press('t')
    await press('s')
    expect(triage.picker).toBeNull()
    expect(fake.callsOf('conversations.setStatus')).toEqual([])
    expect(app.toasts.at(-1)?.message).toMatch(/Here a approves, e edits, c asks for changes and x rejects/)
  })

  it('elsewhere the same keys triage: a opens Assign, x ticks the row, e marks it done', async () => {
    const { fake, inbox, triage, press } = setup('inbox')
    await press('a')
    expect(triage.picker?.kind).toBe('assign')
    triage.closePicker()
    await press('x')
    expect(inbox.isChecked(11)).toBe(true)
    inbox.clearChecked()
    await press('e')
    expect(fake.callsOf('conversations.setStatus').map((c) => c.input)).toEqual([{ ids: [11], status: 'done' }])
    expect(fake.callsOf('approvals.approve')).toEqual([])
  })
})

describe('ApprovalCard boxes', () => {
  function mountCard() {
    setActivePinia(createPinia())
    const fake = fakeTransport({
      'approvals.list': () => [],
      'outbox.list': () => [],
      'approvals.editAndApprove': () => ({ approval: { ...approval('ap-1', 11), status: 'approved' }, outboxItem: queued('ap-1', 11) }),
      'approvals.reject': () => ({ ...approval('ap-1', 11), status: 'rejected' }),
      'approvals.requestChanges': () => ({ ...approval('ap-1', 11), status: 'changes_requested' }),
    })
    setApi(createClient(fake.transport))
    useAppStore().info = { version: '0', dataDir: '/tmp', profile: mira, isEmpty: false, hasDemo: false }
    const approvals = useApprovalsStore()
    const w = mount(ApprovalCard, { props: { approval: approval('ap-1', 11) }, attachTo: document.body })
    return { fake, approvals, w }
  }

  it('a key pressed on the list opens the box, and Ctrl+Enter approves the edit', async () => {
    const { fake, approvals, w } = mountCard()
    approvals.ask(approval('ap-1', 11), 'edit')
    await flushPromises()
    expect(approvals.request).toBeNull()
    const editor = w.get('[data-testid="approval-editor"]')
    expect(document.activeElement).toBe(editor.element)
    await editor.setValue('Reply ap-1, checked.')
    await editor.trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(fake.callsOf('approvals.editAndApprove').map((c) => c.input)).toEqual([{ approvalId: 'ap-1', bodyHash: 'a'.repeat(64), body: 'Reply ap-1, checked.' }])
    w.unmount()
  })

  it('Cmd+Enter rejects with the note; Enter alone only adds a line', async () => {
    const { fake, approvals, w } = mountCard()
    approvals.ask(approval('ap-1', 11), 'reject')
    await flushPromises()
    const note = w.get('[data-testid="decision-note"]')
    await note.setValue('Wrong product name.')
    await note.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(fake.callsOf('approvals.reject')).toEqual([])
    await note.trigger('keydown', { key: 'Enter', metaKey: true })
    await flushPromises()
    expect(fake.callsOf('approvals.reject').map((c) => c.input)).toEqual([{ approvalId: 'ap-1', note: 'Wrong product name.' }])
    w.unmount()
  })
})
