// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { Approval, ConversationDetail, Profile, ReplyEnvelope } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import ApprovalCard from '@renderer/components/ApprovalCard.vue'
import ReplyComposer from '@renderer/components/ReplyComposer.vue'
import { useAppStore } from '@renderer/stores/app'
import { agentSam, NOW, pendingApproval } from './entities'
import { fakeTransport } from './fake-transport'

const sam = agentSam
const mira: Profile = { id: 3, name: 'Mira', role: 'supervisor' }
const envelope: ReplyEnvelope = { requiredMentions: ['@li'], localHost: 'cats.town', platformLabel: 'Mastodon' }

const conversation: ConversationDetail = {
  id: 7,
  accountId: 1,
  kind: 'dm',
  status: 'open',
  subject: null,
  authorName: 'Li',
  authorHandle: '@li',
  preview: 'Hi?',
  lastActivityAt: NOW,
  waitingSince: null,
  unread: false,
  assigneeId: null,
  messageCount: 1,
  tags: [],
  createdAt: NOW - 3_600_000,
  firstReplyAt: null,
  contactId: null,
}

const pending = (body: string): Approval => pendingApproval({ body })

function setup(handlers: Parameters<typeof fakeTransport>[0], profile: Profile) {
  setActivePinia(createPinia())
  const fake = fakeTransport({ 'approvals.envelope': () => envelope, ...handlers })
  setApi(createClient(fake.transport))
  useAppStore().info = { version: '0', dataDir: '/tmp', profile, isEmpty: false, hasDemo: false }
  return fake
}

afterEach(() => setApi(null))

describe('the words a reply is posted with', () => {
  it('the composer shows the mention Mastodon needs before submit, adds it on request, and holds the submitted words after', async () => {
    let approvals: Approval[] = []
    const fake = setup(
      {
        'drafts.get': () => ({ conversationId: 7, body: 'Hi Li, yes: it ships Monday.', updatedAt: NOW }),
        'drafts.save': (input: unknown) => ({ ...(input as object), updatedAt: NOW }),
        'policy.evaluate': () => ({ required: true, steps: [{ kind: 'supervisor' }], reason: 'Default' }),
        'approvals.list': () => approvals,
        'outbox.list': () => [],
        'approvals.submit': () => {
          approvals = [pending('@li Hi Li, yes: it ships Monday.')]
          return { verdict: { required: true, steps: [{ kind: 'supervisor' }], reason: 'Default' }, approval: approvals[0], outboxItem: null }
        },
      },
      sam,
    )
    const w = mount(ReplyComposer, { props: { conversation, account: null, permalink: null } })
    await flushPromises()
    expect(fake.callsOf('approvals.envelope')[0]?.input).toEqual({ conversationId: 7 })
    const line = w.get('[data-testid="reply-target-line"]')
    expect(line.text()).toContain('Mastodon delivers a reply only to the people it mentions')
    expect(w.get('[data-testid="reply-prefix"]').text()).toBe('@li')

    await w.get('form').trigger('submit')
    await flushPromises()
    // What was submitted, mention included, is what the composer now holds: no hidden words.
    expect((w.get('[data-testid="composer"]').element as HTMLTextAreaElement).value).toBe('@li Hi Li, yes: it ships Monday.')
    expect(w.get('[data-testid="reply-target-line"]').text()).toContain('posted exactly as written')
    w.unmount()
  })

  it('"Add to the text" puts the mention into the draft, where it can be read and edited', async () => {
    const fake = setup(
      {
        'drafts.get': () => ({ conversationId: 7, body: 'Hi Li!', updatedAt: NOW }),
        'drafts.save': (input: unknown) => ({ ...(input as object), updatedAt: NOW }),
        'policy.evaluate': () => ({ required: false, steps: [], reason: 'Default' }),
        'approvals.list': () => [],
        'outbox.list': () => [],
      },
      sam,
    )
    const w = mount(ReplyComposer, { props: { conversation, account: null, permalink: null } })
    await flushPromises()
    await w.get('[data-testid="add-mentions"]').trigger('click')
    expect((w.get('[data-testid="composer"]').element as HTMLTextAreaElement).value).toBe('@li Hi Li!')
    await w.get('[data-testid="composer"]').trigger('blur')
    await flushPromises()
    expect(fake.callsOf('drafts.save').at(-1)?.input).toEqual({ conversationId: 7, body: '@li Hi Li!' })
    expect(w.find('[data-testid="add-mentions"]').exists()).toBe(false)
    w.unmount()
  })

  it('the approval editor shows the mention an edit dropped, before the approver confirms', async () => {
    setup({ 'approvals.list': () => [], 'outbox.list': () => [] }, mira)
    const w = mount(ApprovalCard, { props: { approval: pending('@li Hi Li, yes.') } })
    await flushPromises()
    expect(w.get('[data-testid="approval-body"]').text()).toBe('@li Hi Li, yes.')
    await w.get('[data-testid="edit-approve"]').trigger('click')
    await flushPromises()
    await w.get('[data-testid="approval-editor"]').setValue('Hi Li, yes: Monday.')
    expect(w.get('[data-testid="reply-prefix"]').text()).toBe('@li')
    await w.get('[data-testid="add-mentions"]').trigger('click')
    expect((w.get('[data-testid="approval-editor"]').element as HTMLTextAreaElement).value).toBe('@li Hi Li, yes: Monday.')
    w.unmount()
  })
})

describe('the subject line an e-mail reply goes out with', () => {
  const mail: ReplyEnvelope = { requiredMentions: [], localHost: 'mail.lumen.test', platformLabel: 'E-mail (IMAP + SMTP)', subject: 'Re: Pedal broken' }

  it('the composer shows it before submit, and no mention line', async () => {
    const fake = setup(
      {
        'approvals.envelope': () => mail,
        'drafts.get': () => ({ conversationId: 7, body: 'A new pedal is on its way.', updatedAt: NOW }),
        'policy.evaluate': () => ({ required: true, steps: [{ kind: 'supervisor' }], reason: 'Default' }),
        'approvals.list': () => [],
        'outbox.list': () => [],
      },
      sam,
    )
    const w = mount(ReplyComposer, { props: { conversation, account: null, permalink: null } })
    await flushPromises()
    expect(fake.callsOf('approvals.envelope')[0]?.input).toEqual({ conversationId: 7 })
    expect(w.get('[data-testid="reply-subject-line"]').text()).toBe('Subject: Re: Pedal broken')
    expect(w.find('[data-testid="reply-target-line"]').exists()).toBe(false)
    w.unmount()
  })

  it('the approval card shows it, and so does its editor', async () => {
    setup({ 'approvals.envelope': () => mail, 'approvals.list': () => [], 'outbox.list': () => [] }, mira)
    const w = mount(ApprovalCard, { props: { approval: pending('A new pedal is on its way.') } })
    await flushPromises()
    expect(w.get('[data-testid="reply-subject"]').text()).toBe('Re: Pedal broken')
    await w.get('[data-testid="edit-approve"]').trigger('click')
    await flushPromises()
    expect(w.findAll('[data-testid="reply-subject-line"]').map((e) => e.text())).toEqual(['Subject: Re: Pedal broken'])
    w.unmount()
  })

  it('a reply without a subject line shows none', async () => {
    setup({ 'approvals.list': () => [], 'outbox.list': () => [] }, mira)
    const w = mount(ApprovalCard, { props: { approval: pending('@li Hi Li, yes.') } })
    await flushPromises()
    expect(w.find('[data-testid="reply-subject-line"]').exists()).toBe(false)
    w.unmount()
  })
})
