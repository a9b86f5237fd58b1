import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/compose'
import type { OperationInput, OperationName, OperationOutput } from '../../../src/shared/contract'
import { brandAccount, item } from '../../support/items'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

const person = (id: string, displayName: string) => ({ remoteId: id, handle: `@${id}@bikes.example`, displayName, avatarUrl: null, profileUrl: null })
const mia = person('mia', 'Mia')
const sprocket = person('sprocket_rocket', 'sprocket')
const t0 = Date.UTC(2026, 10, 16, 8, 0)

/** A public thread where Mia wrote first and sprocket last: the header, Contact and search must all name the right one. */
describe('the right person for a conversation and a search hit', () => {
  let cleanup: () => void
  let ws: ReturnType<typeof openWorkspace>
  let core: Core
  let call: ReturnType<typeof typed>
  let conversationId: number

  const ok = async <N extends OperationName>(op: N, input: OperationInput<N>): Promise<OperationOutput<N>> => {
    const r = await call(op, input)
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  }

  beforeAll(async () => {
    const t = tempDir()
    cleanup = t.cleanup
    const clock = new FakeClock()
    ws = openWorkspace(t.dir, clock)
    core = ws.core
    call = typed(ws)
    const account = core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() })
    core.stores.ingest.ingest(account, [
      item({ remoteId: 'm1', conversationKey: 'post-1', author: mia, text: 'Can I get a refund for the cracked saddle?', html: null, createdAt: t0 }),
      item({ remoteId: 'm2', conversationKey: 'post-1', author: sprocket, text: 'Same question about my sprocket', html: null, createdAt: t0 + 60_000 }),
    ])
    conversationId = (core.db.prepare("SELECT id FROM conversations WHERE conversation_key = 'post-1'").get() as { id: number }).id
    // Tagging writes an activity row ("… tagged this refund") newer than every message.
    const tag = await ok('tags.create', { name: 'refund' })
    await ok('conversations.addTags', { ids: [conversationId], tagIds: [tag.id] })
  })
  afterAll(async () => {
    await ws.close()
    cleanup()
  })

  it('Contact opens the person the header names', async () => {
    const { conversation } = await ok('conversations.get', { id: conversationId })
    expect(conversation.authorName).toBe('sprocket')
    expect(conversation.contactId).not.toBeNull()
    const contact = await ok('contacts.get', { id: conversation.contactId! })
    expect(contact.contact.displayName).toBe('sprocket')
    expect(contact.identities.map((i) => i.handle)).toEqual(['@sprocket_rocket@bikes.example'])
  })

  it('a search hit names the author of the matched message, not the conversation’s', async () => {
    const page = await ok('conversations.search', { query: 'saddle', cursor: null, limit: 10 })
    if ('error' in page) throw new Error(page.error.message)
    expect(page.items).toHaveLength(1)
    const [hit] = page.items
    expect(hit!.snippet).toContain('cracked saddle')
    expect(hit!.authorName).toBe('Mia')
    expect(hit!.authorHandle).toBe('@mia@bikes.example')
  })

  it('never takes an activity row as the matched message or the snippet', async () => {
    const page = await ok('conversations.search', { query: 'refund', cursor: null, limit: 10 })
    if ('error' in page) throw new Error(page.error.message)
    expect(page.items).toHaveLength(1)
    const [hit] = page.items
    expect(hit!.snippet).toContain('Can I get a refund')
    expect(hit!.snippet).not.toMatch(/tagged/)
    expect(hit!.authorName).toBe('Mia')
    // Only the tag's activity row says "tagged": no conversation matches it as text.
    const tagged = await ok('conversations.search', { query: 'tagged', cursor: null, limit: 10 })
    if ('error' in tagged) throw new Error(tagged.error.message)
    expect(tagged.items).toHaveLength(0)
  })
})
