import { afterEach, describe, expect, it } from 'vitest'
import { conversationUuid, messageUuid, channelAccountKey } from '../../../src/main/model/natural-uuid'
import { TeamDigestStore } from '../../../src/main/store/team-digest'
import { TeamEntityStore } from '../../../src/main/store/team-entities'
import { brandAccount, item } from '../../support/items'
import { FakeClock, openWorkspace, tempDir } from '../../support/workspace'

/**
 * Two laptops that stored the same conversations on their own (each polled before joining, in its own
 * order, beside other work) name them alike, so the team's digest of the shared state is equal; a
 * workspace whose rows an older Parley named at random takes the same names when it joins.
 */
describe('shared state digest and natural uuids', () => {
  const opened: { close(): Promise<void> }[] = []
  const dirs: { cleanup(): void }[] = []
  afterEach(async () => {
    for (const ws of opened.splice(0)) await ws.close()
    for (const d of dirs.splice(0)) d.cleanup()
  })

  function laptop() {
    const dir = tempDir('parley-digest-')
    dirs.push(dir)
    const clock = new FakeClock()
    const ws = openWorkspace(dir.dir, clock)
    opened.push(ws)
    const account = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() })
    return { ws, account, digest: () => new TeamDigestStore(ws.core.db).digest() }
  }

  const thread = [
    item({ remoteId: '2001', conversationKey: 'thread-a', text: 'Where is my order?' }),
    item({ remoteId: '2002', conversationKey: 'thread-a', text: 'Any news?', createdAt: Date.UTC(2026, 10, 16, 9) }),
    item({ remoteId: '2003', conversationKey: 'thread-b', text: 'Love the bike', author: { remoteId: '77', handle: '@kai@example.social', displayName: 'Kai', avatarUrl: null, profileUrl: null } }),
  ]

  it('names conversations and messages by their natural keys, whatever order and local ids', () => {
    const a = laptop()
    const b = laptop()
    a.ws.core.stores.ingest.ingest(a.account, thread)
    // B stored another conversation first (its local ids differ), then the items in another order and batches;
    // A stores that conversation last.
    const first = item({ remoteId: '1999', conversationKey: 'thread-first', text: 'First!' })
    b.ws.core.stores.ingest.ingest(b.account, [first])
    b.ws.core.stores.ingest.ingest(b.account, [thread[2]!])
    b.ws.core.stores.ingest.ingest(b.account, [thread[1]!, thread[0]!])
    a.ws.core.stores.ingest.ingest(a.account, [first])
    expect(b.ws.core.db.prepare("SELECT id FROM conversations WHERE conversation_key = 'thread-a'").get()).not.toEqual(a.ws.core.db.prepare("SELECT id FROM conversations WHERE conversation_key = 'thread-a'").get())

    const key = channelAccountKey(brandAccount)
    const uuidOf = (ws: typeof a.ws, table: string, where: string, value: string) => (ws.core.db.prepare(`SELECT uuid FROM ${table} WHERE ${where} = ?`).get(value) as { uuid: string }).uuid
    expect(uuidOf(b.ws, 'conversations', 'conversation_key', 'thread-a')).toBe(conversationUuid(key, 'thread-a'))
    expect(uuidOf(b.ws, 'messages', 'remote_id', '2002')).toBe(messageUuid(key, '2002'))
    expect(a.digest()).toEqual(b.digest())
    expect(a.digest().messages!.rows).toBe(4)

    // A shared change shows: one laptop closing a conversation makes its conversations differ, and only them.
    b.ws.core.db.prepare("UPDATE conversations SET status = 'done' WHERE conversation_key = 'thread-b'").run()
    const [da, db] = [a.digest(), b.digest()]
    expect(db.conversations!.hash).not.toBe(da.conversations!.hash)
    expect({ ...db, conversations: null }).toEqual({ ...da, conversations: null })
  })

  it('renames what an older Parley named at random when the workspace joins a team', () => {
    const a = laptop()
    const b = laptop()
    a.ws.core.stores.ingest.ingest(a.account, thread)
    b.ws.core.stores.ingest.ingest(b.account, thread)
    b.ws.core.db.prepare('UPDATE conversations SET uuid = lower(hex(randomblob(16)))').run()
    b.ws.core.db.prepare('UPDATE messages SET uuid = lower(hex(randomblob(16)))').run()
    expect(b.digest().messages!.hash).not.toBe(a.digest().messages!.hash)

    expect(new TeamEntityStore(b.ws.core.db).adoptNaturalUuids()).toBe(2 + 3)
    expect(b.digest()).toEqual(a.digest())
    // Named already: nothing to do the second time.
    expect(new TeamEntityStore(b.ws.core.db).adoptNaturalUuids()).toBe(0)
  })
})
