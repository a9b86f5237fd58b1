import type { EventName } from '../../../src/shared/contract'
import { brandAccount, item } from '../../support/items'
import { openWorkspace, tempDir, typed } from '../../support/workspace'
import { databaseChecksum, filesOf, prototypeKeys, totalChanges } from './fuzz'

export type Ws = ReturnType<typeof openWorkspace>

/** A small real workspace with a row or more in most tables, so a stray write shows in the checksum. */
export async function seededWorkspace(): Promise<{ ws: Ws; dir: string; events: EventName[]; cleanup: () => Promise<void> }> {
  const t = tempDir('parley-contract-')
  const ws = openWorkspace(t.dir)
  const events: EventName[] = []
  const unsubscribe = ws.subscribe((name) => events.push(name))
  const call = typed(ws)
  const ok = async <T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> => {
    const r = await p
    if (!r.ok) throw new Error(`seeding failed: ${r.error.message}`)
    return r.value
  }
  const account = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
  ws.core.stores.ingest.ingest(
    account,
    Array.from({ length: 6 }, (_, i) =>
      item({
        remoteId: `contract-${i}`,
        conversationKey: `c${i % 3}`,
        createdAt: Date.UTC(2026, 10, 10) + i * 60_000,
        text: i % 2 ? 'My refund never arrived.' : 'The battery will not charge.',
        author: { remoteId: `a${i % 2}`, handle: `@person${i % 2}@example.social`, displayName: `Person ${i % 2}`, avatarUrl: null, profileUrl: null },
      }),
    ),
  )
  const [first] = (await ok(call('conversations.list', { view: 'inbox', limit: 10 }))).items
  if (!first) throw new Error('seeding failed: no conversation')
  // Me's passphrase, as the first run sets it: it unlocks Me for this session.
  const me = await ok(call('profiles.current', {}))
  await ok(call('profiles.setPassphrase', { profileId: me.id, passphrase: 'me-first-admin-1' }))
  await ok(call('profiles.create', { name: 'Alex', role: 'agent' }))
  await ok(call('tags.create', { name: 'refund', color: '#e11d48' }))
  await ok(call('savedViews.create', { name: 'Batteries', query: 'battery' }))
  await ok(call('topics.save', { name: 'Refunds', query: 'refund' }))
  await ok(call('rules.save', { name: 'Tag refunds', conditions: { text: 'refund' }, actions: [{ type: 'tag', tag: 'refund' }] }))
  await ok(call('canned.save', { name: 'Thanks', body: 'Thanks {{first_name}}!' }))
  await ok(call('drafts.save', { conversationId: first.id, body: 'Looking into it.' }))
  await ok(call('notes.add', { conversationId: first.id, body: 'Checked the order.' }))
  await ok(call('conversations.markRead', { id: first.id, read: true }))
  events.length = 0
  return {
    ws,
    dir: t.dir,
    events,
    cleanup: async () => {
      unsubscribe()
      await ws.close()
      t.cleanup()
    },
  }
}

/** Everything a call could change: every table's rows, the files, the acting profile, presence. */
export async function fullFingerprint(ws: Ws, dir: string): Promise<string> {
  const current = await ws.call('profiles.current', {})
  const presence = await ws.call('presence.list', {})
  return JSON.stringify({ db: databaseChecksum(ws.core.db), files: filesOf(dir), current, presence, proto: prototypeKeys() })
}

export { totalChanges }
