// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Approval, ApprovalVerdict, ConversationDetail, OutboxItem, Profile } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import ApprovalCard from '@renderer/components/ApprovalCard.vue'
import OutboxScreen from '@renderer/components/OutboxScreen.vue'
import ReplyComposer from '@renderer/components/ReplyComposer.vue'
import { useAppStore } from '@renderer/stores/app'
import { useApprovalsStore } from '@renderer/stores/approvals'
import { agentSam, NOW, pendingApproval, queuedOutboxItem } from './entities'
import { fakeTransport } from './fake-transport'

const sam = agentSam
const mira: Profile = { id: 3, name: 'Mira', role: 'supervisor' }
const HASH = 'a'.repeat(64)

const conversation: ConversationDetail = {
  id: 7,
  accountId: 1,
  kind: 'comment',
  status: 'open',
  subject: null,
  authorName: 'Inês',
  authorHandle: '@ines@social.example',
  preview: 'Does it fit?',
  lastActivityAt: NOW,
  waitingSince: null,
  unread: false,
  assigneeId: null,
  messageCount: 2,
  tags: [],
  createdAt: NOW - 3_600_000,
  firstReplyAt: null,
  contactId: null,
}

const approval = (patch: Partial<Approval> = {}): Approval =>
  pendingApproval({ bodyHash: HASH, reason: 'Default: replies by agents need a supervisor’s approval.', createdAt: NOW - 120_000, waitedMs: 120_000, ...patch })

const item = (state: OutboxItem['state'], patch: Partial<OutboxItem> = {}): OutboxItem =>
  queuedOutboxItem({
    id: `it-${state}`,
    approvalId: null,
    body: `A reply that is ${state}`,
    state,
    notBefore: NOW - 1000,
    createdAt: NOW - 60_000,
    updatedAt: NOW - 60_000,
    ...patch,
  })

const required: ApprovalVerdict = { required: true, steps: [{ kind: 'supervisor' }], reason: 'Default: agents need approval.' }
const direct: ApprovalVerdict = { required: false, steps: [], reason: 'Default: supervisors send directly.' }

function setup(handlers: Parameters<typeof fakeTransport>[0], profile: Profile = sam) {
  setActivePinia(createPinia())
  const fake = fakeTransport(handlers)
  setApi(createClient(fake.transport))
  const app = useAppStore()
  app.info = { version: '0', dataDir: '/tmp', profile, isEmpty: false, hasDemo: false }
  return fake
}

afterEach(() => {
  setApi(null)
  vi.useRealTimers()
})

describe('ReplyComposer with approvals', () => {
  let approvals: Approval[]
  let items: OutboxItem[]
  beforeEach(() => {
    approvals = []
    items = []
  })

  const base = (verdict: ApprovalVerdict) => ({
    'drafts.get': () => ({ conversationId: 7, body: 'Thanks for asking! It fits.', updatedAt: NOW }),
    'drafts.save': (input: unknown) => ({ ...(input as object), updatedAt: NOW }),
    'policy.evaluate': () => verdict,
    'approvals.list': () => approvals,
    'outbox.list': () => items,
  })

  it('shows that the reply needs approval and submits it', async () => {
    const fake = setup({
      ...base(required),
      'approvals.submit': () => {
        approvals = [approval({ createdAt: NOW - 150_000 })]
        return { verdict: required, approval: approvals[0], outboxItem: null }
      },
    })
    const w = mount(ReplyComposer, { props: { conversation, account: null, permalink: null } })
    await flushPromises()
    // The requirement follows the text after a short pause.
    await new Promise((resolve) => setTimeout(resolve, 350))
    await flushPromises()
    expect(w.get('[data-testid="approval-requirement"]').text()).toContain('Needs approval by a supervisor')
    expect(w.get('[data-testid="submit-reply"]').text()).toContain('Submit for approval')
    expect(fake.callsOf('policy.evaluate').at(-1)?.input).toEqual({ conversationId: 7, body: 'Thanks for asking! It fits.' })

    await w.get('[data-testid="composer"]').trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(fake.callsOf('approvals.submit')).toEqual([{ op: 'approvals.submit', input: { conversationId: 7 } }])
    expect(w.get('[data-testid="reply-state"]').text()).toContain('Waiting for approval — submitted 2 minutes ago')
    w.unmount()
  })

  it('sends directly when exempt and offers undo during the window', async () => {
    const fake = setup({
      ...base(direct),
      'approvals.submit': () => {
        items = [item('queued', { authorId: mira.id, notBefore: Date.now() + 10_000, createdAt: Date.now() })]
        return { verdict: direct, approval: null, outboxItem: items[0] }
      },
      'outbox.cancel': () => {
        items = [{ ...items[0]!, state: 'cancelled' }]
        return items[0]
      },
    }, mira)
    const w = mount(ReplyComposer, { props: { conversation, account: null, permalink: null } })
    await flushPromises()
    expect(w.get('[data-testid="approval-requirement"]').text()).toContain('Sends directly')
    expect(w.get('[data-testid="submit-reply"]').text()).toContain('Send')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="reply-state"]').text()).toMatch(/Sending in (10|9) s/)
    await w.get('[data-testid="undo-send"]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('outbox.cancel')[0]?.input).toEqual({ id: 'it-queued' })
    expect(w.get('[data-testid="reply-state"]').text()).toContain('Cancelled')
    w.unmount()
  })

  it('shows the author what the approver changed', async () => {
    approvals = [approval({ status: 'approved', originalBody: 'Thanks for asking!', body: 'Good question!', editedBy: mira, decidedBy: mira, decidedAt: NOW })]
    setup(base(required))
    const w = mount(ReplyComposer, { props: { conversation, account: null, permalink: null } })
    await flushPromises()
    const diff = w.get('[data-testid="approval-diff"]')
    expect(diff.text()).toContain('Mira edited your reply')
    expect(diff.find('del').text()).toContain('Thanks')
    expect(diff.find('ins').text()).toContain('Good')
    w.unmount()
  })

  it('keeps feeds read-only', async () => {
    setup(base(required))
    const w = mount(ReplyComposer, { props: { conversation: { ...conversation, kind: 'feed' }, account: null, permalink: null } })
    await flushPromises()
    expect(w.text()).toContain('Feeds are read-only')
    expect(w.find('[data-testid="submit-reply"]').exists()).toBe(false)
  })
})

describe('ApprovalCard', () => {
  const handlers = () => ({
    'approvals.list': () => [],
    'outbox.list': () => [],
    'approvals.approve': () => ({ approval: approval({ status: 'approved' }), outboxItem: item('queued') }),
    'approvals.editAndApprove': () => ({ approval: approval({ status: 'approved' }), outboxItem: item('queued') }),
    'approvals.requestChanges': () => approval({ status: 'changes_requested' }),
    'approvals.reject': () => approval({ status: 'rejected' }),
  })

  it('shows author, text and waited time, and approves with the hash it showed', async () => {
    const fake = setup(handlers(), mira)
    const w = mount(ApprovalCard, { props: { approval: approval({ deadline: NOW + 3_600_000 }) } })
    expect(w.text()).toContain('Sam')
    expect(w.text()).toContain('Thanks for asking! It fits.')
    expect(w.text()).toContain('waiting 2 minutes')
    expect(w.text()).toContain('reply by')
    await w.get('[data-testid="approve"]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('approvals.approve')[0]?.input).toEqual({ approvalId: 'ap-1', bodyHash: HASH })
  })

  it('edits and approves with the new text', async () => {
    const fake = setup(handlers(), mira)
    const w = mount(ApprovalCard, { props: { approval: approval() } })
    await w.get('[data-testid="edit-approve"]').trigger('click')
    const editor = w.get('[data-testid="approval-editor"]')
    expect((editor.element as HTMLTextAreaElement).value).toBe('Thanks for asking! It fits.')
    await editor.setValue('Good question! It fits.')
    await w.get('[data-testid="confirm-edit-approve"]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('approvals.editAndApprove')[0]?.input).toEqual({ approvalId: 'ap-1', bodyHash: HASH, body: 'Good question! It fits.' })
  })

  it('asks for changes and rejects with a note', async () => {
    const fake = setup(handlers(), mira)
    const w = mount(ApprovalCard, { props: { approval: approval() } })
    await w.get('[data-testid="request-changes"]').trigger('click')
    await w.get('[data-testid="decision-note"]').setValue('Mention the firmware fix')
    await w.get('[data-testid="confirm-decision"]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('approvals.requestChanges')[0]?.input).toEqual({ approvalId: 'ap-1', note: 'Mention the firmware fix' })

    await w.get('[data-testid="reject"]').trigger('click')
    await w.get('[data-testid="decision-note"]').setValue('Off topic')
    await w.get('[data-testid="confirm-decision"]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('approvals.reject')[0]?.input).toEqual({ approvalId: 'ap-1', note: 'Off topic' })
  })

  it('shows the core’s refusal of a self-approval inline', async () => {
    setup(
      {
        ...handlers(),
        'approvals.approve': () => {
          throw new Error('Nobody approves their own reply: ask another supervisor.')
        },
      },
      sam,
    )
    const w = mount(ApprovalCard, { props: { approval: approval() } })
    await w.get('[data-testid="approve"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="approval-error"]').text()).toBe('Nobody approves their own reply: ask another supervisor.')
    expect(useApprovalsStore().errors['ap-1']).toBeTruthy()
  })
})

describe('OutboxScreen', () => {
  const all = [
    item('queued', { notBefore: Date.now() + 8_000 }),
    item('queued', { id: 'it-held', holdReason: 'Inês wrote again after you submitted' }),
    item('sending'),
    item('sent', { permalink: 'https://social.example/@lumen/1', sentAt: NOW }),
    item('failed', { lastError: 'Mastodon refused the reply: the post was deleted.' }),
    item('unconfirmed'),
    item('cancelled'),
  ]

  it('renders each state with the right actions and calls the core', async () => {
    const fake = setup({
      'outbox.list': () => all,
      'outbox.cancel': () => ({ ...all[0]!, state: 'cancelled' }),
      'outbox.retry': () => ({ ...all[4]!, state: 'queued' }),
      'outbox.release': () => ({ ...all[1]!, holdReason: null }),
      'outbox.resolveUnconfirmed': () => ({ ...all[5]!, state: 'sent' }),
    })
    const w = mount(OutboxScreen)
    await flushPromises()
    const rows = w.findAll('[data-testid="outbox-item"]')
    const byState = new Map(rows.map((r) => [r.attributes('data-state'), r]))
    expect([...byState.keys()].sort()).toEqual(['cancelled', 'failed', 'held', 'queued', 'sending', 'sent', 'unconfirmed'])
    const has = (state: string, id: string) => byState.get(state)!.find(`[data-testid="${id}"]`).exists()

    expect(byState.get('queued')!.text()).toMatch(/Sending in \d+ s/)
    expect(has('queued', 'outbox-cancel')).toBe(true)
    expect(has('queued', 'outbox-retry')).toBe(false)
    expect(has('held', 'outbox-release')).toBe(true)
    expect(has('held', 'outbox-cancel')).toBe(true)
    expect(has('sending', 'outbox-cancel')).toBe(false)
    expect(byState.get('sent')!.get('[data-testid="outbox-permalink"]').attributes('href')).toBe('https://social.example/@lumen/1')
    expect(byState.get('failed')!.text()).toContain('Mastodon refused the reply: the post was deleted.')
    expect(has('failed', 'outbox-retry')).toBe(true)
    expect(byState.get('unconfirmed')!.text()).toContain('Check on')
    expect(byState.get('unconfirmed')!.text()).toContain('It was sent')
    expect(byState.get('unconfirmed')!.text()).toContain('Send again')
    expect(byState.get('cancelled')!.findAll('button.btn')).toHaveLength(0)

    await byState.get('queued')!.get('[data-testid="outbox-cancel"]').trigger('click')
    await byState.get('failed')!.get('[data-testid="outbox-retry"]').trigger('click')
    await byState.get('held')!.get('[data-testid="outbox-release"]').trigger('click')
    await byState.get('unconfirmed')!.get('[data-testid="outbox-resolve-sent"]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('outbox.cancel')[0]?.input).toEqual({ id: 'it-queued' })
    expect(fake.callsOf('outbox.retry')[0]?.input).toEqual({ id: 'it-failed' })
    expect(fake.callsOf('outbox.release')[0]?.input).toEqual({ id: 'it-held' })
    expect(fake.callsOf('outbox.resolveUnconfirmed')[0]?.input).toEqual({ id: 'it-unconfirmed', resolution: 'sent' })
    w.unmount()
  })
})
