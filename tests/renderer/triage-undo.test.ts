// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { ConversationSummary, Profile, Tag } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import { useAppStore } from '@renderer/stores/app'
import { useInboxStore } from '@renderer/stores/inbox'
import { useTriageStore } from '@renderer/stores/triage'
import { conversationSummary } from './entities'
import { fakeTransport } from './fake-transport'

const me: Profile = { id: 1, name: 'Mira', role: 'supervisor' }
const refund: Tag = { id: 5, name: 'refund', color: '#c33', count: 1 }

const row = (id: number, patch: Partial<ConversationSummary> = {}): ConversationSummary =>
  conversationSummary(id, { preview: '…', lastActivityAt: 1_000 - id, messageCount: 1, ...patch })

function setup(rows: ConversationSummary[]) {
  setActivePinia(createPinia())
  const changed = (input: unknown) => ({ changed: (input as { ids: number[] }).ids })
  const fake = fakeTransport({
    'conversations.setStatus': changed,
    'conversations.assign': changed,
    'conversations.addTags': changed,
    'conversations.removeTags': changed,
    'conversations.list': () => ({ items: rows, nextCursor: null }),
    'spam.mark': () => ({ marked: true }),
  })
  setApi(createClient(fake.transport))
  const app = useAppStore()
  app.info = { version: '0', dataDir: '/tmp', profile: me, isEmpty: false, hasDemo: false }
  const inbox = useInboxStore()
  inbox.view = 'inbox'
  inbox.items = rows
  const triage = useTriageStore()
  const undo = async (): Promise<void> => {
    const toast = app.toasts.findLast((t) => t.action?.label === 'Undo')
    expect(toast, 'an Undo toast').toBeTruthy()
    await app.runAction(toast!.id)
    await flushPromises()
  }
  return { fake, app, inbox, triage, undo }
}

afterEach(() => setApi(null))

describe('triage feedback with Undo', () => {
  it('one conversation marked done says so by name; Undo restores the status it had', async () => {
    const { fake, app, triage, undo } = setup([row(1, { status: 'pending' })])
    await triage.setStatus('done', [1])
    expect(app.toasts.at(-1)).toMatchObject({ message: 'Done: Person 1', action: { label: 'Undo' } })
    await undo()
    expect(fake.callsOf('conversations.setStatus').map((c) => c.input)).toEqual([
      { ids: [1], status: 'done' },
      { ids: [1], status: 'pending' },
    ])
    // The undo itself offers no further undo.
    expect(app.toasts.filter((t) => t.action)).toEqual([])
  })

  it('a bulk snooze goes back per conversation: each to its own status and snooze time', async () => {
    const later = Date.now() + 3_600_000
    const { fake, triage, undo } = setup([row(1), row(2, { status: 'snoozed', snoozedUntil: later }), row(3, { status: 'pending' })])
    await triage.setStatus('snoozed', [1, 2, 3], later + 60_000)
    await undo()
    const restored = fake.callsOf('conversations.setStatus').slice(1).map((c) => c.input)
    expect(restored).toEqual(
      expect.arrayContaining([
        { ids: [1], status: 'open' },
        { ids: [2], status: 'snoozed', snoozedUntil: later },
        { ids: [3], status: 'pending' },
      ]),
    )
    expect(restored).toHaveLength(3)
  })

  it('assignment undo gives each conversation its previous assignee back (one call per assignee)', async () => {
    const { fake, app, triage, undo } = setup([row(1, { assigneeId: 7 }), row(2), row(3, { assigneeId: 7 })])
    await triage.assign(1, [1, 2, 3])
    expect(app.toasts.at(-1)?.message).toMatch(/: 3 conversations$/)
    await undo()
    expect(fake.callsOf('conversations.assign').slice(1).map((c) => c.input)).toEqual(
      expect.arrayContaining([
        { ids: [1, 3], profileId: 7 },
        { ids: [2], profileId: null },
      ]),
    )
  })

  it('tag undo takes off only what the action added, and removing a tag can be undone', async () => {
    const { fake, triage, undo } = setup([row(1, { tags: ['refund'] }), row(2)])
    await triage.addTags([refund], [1, 2])
    await undo()
    expect(fake.callsOf('conversations.removeTags').map((c) => c.input)).toEqual([{ ids: [2], tagIds: [5] }])

    const again = setup([row(1, { tags: ['Refund'] }), row(2)])
    await again.triage.removeTags([refund], [1, 2])
    await again.undo()
    expect(again.fake.callsOf('conversations.addTags').map((c) => c.input)).toEqual([{ ids: [1], tagIds: [5] }])
  })

  it('marking spam can be undone', async () => {
    const { fake, triage, undo } = setup([row(1)])
    await triage.markSpam([1])
    await undo()
    expect(fake.callsOf('spam.mark').map((c) => c.input)).toEqual([
      { conversationId: 1, spam: true },
      { conversationId: 1, spam: false },
    ])
  })
})
