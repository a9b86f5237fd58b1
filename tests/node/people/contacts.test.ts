import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/compose'
import { brandAccount, item } from '../../support/items'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

const bluesky = { platform: 'bluesky' as const, displayName: 'Lumen on Bluesky', handle: 'lumen.bsky.social', baseUrl: 'https://bsky.social' }

describe('contacts: merge and un-merge over a real workspace', () => {
  let cleanup: () => void
  let ws: ReturnType<typeof openWorkspace>
  let core: Core
  let call: ReturnType<typeof typed>
  let clock: FakeClock
  let mastodonId: number
  let blueskyId: number

  const author = (remoteId: string, handle: string, displayName: string, profileUrl: string | null = null) => ({
    remoteId,
    handle,
    displayName,
    avatarUrl: null,
    profileUrl,
  })
  const contactOf = (key: string): number =>
    (core.db.prepare('SELECT contact_id FROM conversations WHERE conversation_key = ?').get(key) as { contact_id: number }).contact_id
  const assignment = (): unknown => ({
    identities: core.db.prepare('SELECT id, contact_id FROM identities ORDER BY id').all(),
    conversations: core.db.prepare('SELECT id, contact_id FROM conversations ORDER BY id').all(),
    merged: core.db.prepare('SELECT id, merged_into FROM contacts ORDER BY id').all(),
  })

  beforeEach(() => {
    const t = tempDir()
    cleanup = t.cleanup
    clock = new FakeClock()
    ws = openWorkspace(t.dir, clock)
    core = ws.core
    call = typed(ws)
    mastodonId = core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() })
    blueskyId = core.stores.accounts.ensure(bluesky, { isDemo: false, at: clock.now() })
    const ines = author('109876', '@ines@fosstodon.org', 'Inês Araújo', 'https://fosstodon.org/@ines')
    core.stores.ingest.ingest(mastodonId, [
      item({ remoteId: 'm1', conversationKey: 'm-1', author: ines }),
      item({ remoteId: 'm2', conversationKey: 'm-2', author: ines, text: 'second thread' }),
      item({ remoteId: 'm3', conversationKey: 'm-3', author: author('555', '@bob@mastodon.social', 'Bob Stone') }),
    ])
    core.stores.ingest.ingest(blueskyId, [
      item({ remoteId: 'b1', conversationKey: 'b-1', author: author('did:plc:ines', 'ines.bsky.social', 'Inês A.', 'https://bsky.app/profile/ines.bsky.social') }),
    ])
  })
  afterEach(async () => {
    await ws.close()
    cleanup()
  })

  it('finds contacts by name or handle, and merges one person across channels', async () => {
    const found = await call('contacts.search', { query: 'ines' })
    expect(found.ok && found.value.map((c) => c.displayName).sort()).toEqual(['Inês A.', 'Inês Araújo'])
    const target = contactOf('m-1')
    const source = contactOf('b-1')
    const merged = await call('contacts.merge', { targetId: target, sourceId: source })
    expect(merged.ok).toBe(true)
    if (!merged.ok) return
    expect(merged.value).toMatchObject({ targetId: target, sourceId: source, identityCount: 1, conversationCount: 1, unmergedAt: null })
    expect(contactOf('b-1')).toBe(target)

    const detail = await call('contacts.get', { id: target })
    if (!detail.ok) throw new Error(detail.error.message)
    expect(detail.value.identities.map((i) => [i.platform, i.handle, i.viaMergeId])).toEqual([
      ['bluesky', 'ines.bsky.social', merged.value.id],
      ['mastodon', '@ines@fosstodon.org', null],
    ])
    expect(detail.value.conversations.map((c) => c.id).sort()).toHaveLength(3)
    expect(detail.value.merges).toHaveLength(1)
    // Merged-away contacts are not offered again; their identity now finds the target.
    const again = await call('contacts.search', { query: 'Inês A.' })
    expect(again.ok && again.value.map((c) => c.id)).toEqual([target])
    // The thread records it.
    const activity = core.db.prepare("SELECT text FROM messages WHERE direction = 'activity'").all() as { text: string }[]
    expect(activity.map((a) => a.text)).toEqual([expect.stringMatching(/merged Inês A\. into Inês Araújo/)])
  })

  it('un-merge restores exactly the previous identities and conversations, including threads started since', async () => {
    const before = assignment()
    const target = contactOf('m-1')
    const source = contactOf('b-1')
    const merged = await call('contacts.merge', { targetId: target, sourceId: source })
    if (!merged.ok) throw new Error(merged.error.message)
    clock.advance(60_000)
    // A new thread by the merged identity lands on the target while merged...
    core.stores.ingest.ingest(blueskyId, [
      item({ remoteId: 'b2', conversationKey: 'b-2', createdAt: clock.now(), author: author('did:plc:ines', 'ines.bsky.social', 'Inês A.') }),
    ])
    expect(contactOf('b-2')).toBe(target)
    const undone = await call('contacts.unmerge', { mergeId: merged.value.id })
    expect(undone.ok && undone.value.unmergedAt).toBe(clock.now())
    // ...and goes back with its identity.
    expect(contactOf('b-2')).toBe(source)
    const after = assignment() as { conversations: { id: number; contact_id: number }[] }
    const beforeConversations = (before as { conversations: { id: number }[] }).conversations
    expect({ ...after, conversations: after.conversations.filter((c) => beforeConversations.some((b) => b.id === c.id)) }).toEqual(before)
    const twice = await call('contacts.unmerge', { mergeId: merged.value.id })
    expect(twice.ok || twice.error.code).toBe('conflict')
    const detail = await call('contacts.get', { id: target })
    expect(detail.ok && detail.value.merges[0]!.unmergedAt).toBe(clock.now())
  })

  it('refuses merges that make no sense and changes nothing', async () => {
    const a = contactOf('m-1')
    const b = contactOf('b-1')
    const c = contactOf('m-3')
    const self = await call('contacts.merge', { targetId: a, sourceId: a })
    expect(self.ok || self.error.code).toBe('bad_input')
    const missing = await call('contacts.merge', { targetId: a, sourceId: 9999 })
    expect(missing.ok || missing.error.code).toBe('not_found')
    const first = await call('contacts.merge', { targetId: a, sourceId: b })
    if (!first.ok) throw new Error(first.error.message)
    const snapshot = assignment()
    const intoMerged = await call('contacts.merge', { targetId: b, sourceId: c })
    expect(intoMerged.ok || intoMerged.error.code).toBe('conflict')
    expect(assignment()).toEqual(snapshot)
    // A chain must be undone from the outside in.
    const outer = await call('contacts.merge', { targetId: c, sourceId: a })
    if (!outer.ok) throw new Error(outer.error.message)
    const inner = await call('contacts.unmerge', { mergeId: first.value.id })
    expect(inner.ok || inner.error.code).toBe('conflict')
    expect((await call('contacts.unmerge', { mergeId: outer.value.id })).ok).toBe(true)
    expect((await call('contacts.unmerge', { mergeId: first.value.id })).ok).toBe(true)
    expect(contactOf('b-1')).toBe(b)
  })

  it('keeps notes on the contact', async () => {
    const id = contactOf('m-1')
    const saved = await call('contacts.setNotes', { id, notes: 'Prefers DMs. Owns two Commuters.' })
    expect(saved.ok && saved.value.notes).toBe('Prefers DMs. Owns two Commuters.')
    const detail = await call('contacts.get', { id })
    expect(detail.ok && detail.value.contact.notes).toBe('Prefers DMs. Owns two Commuters.')
  })
})
