import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TargetResolver } from '../../src/main/features/reply/target'
import { ReplyTargetReads } from '../../src/main/store/reply-targets'
import { ConnectorRegistry } from '../../src/main/features/connectors/registry'
import { conflictKey } from '../../src/main/store/ingest'
import { caller } from '../support/approval-workspace'
import { brandAccount, item } from '../support/items'
import { FakeClock, openWorkspace, tempDir } from '../support/workspace'

const brand = { remoteId: '1', handle: '@lumenbikes', displayName: 'Lumen Bikes', avatarUrl: null, profileUrl: null }

/**
 * A message is (channel account, remote id) and never moves between conversations. A restarted
 * server that reuses a status id must not let a private DM reply replace a public reply in
 * another person's thread: both are kept, apart, and the conflict is logged.
 */
describe('ingest keeps a message in its conversation', () => {
  let ws: ReturnType<typeof openWorkspace>
  let cleanup: () => void
  let account: number
  const clock = new FakeClock()
  const warn = vi.fn<(message: string) => void>()

  beforeEach(() => {
    const t = tempDir()
    cleanup = t.cleanup
    ws = openWorkspace(t.dir, clock)
    account = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() })
    warn.mockReset()
    vi.spyOn(console, 'warn').mockImplementation(warn)
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    await ws.close()
    cleanup()
  })

  const ingest = (items: ReturnType<typeof item>[]) => ws.core.stores.ingest.ingest(account, items)
  const conversationOf = (key: string) => (ws.core.db.prepare('SELECT id FROM conversations WHERE conversation_key = ?').get(key) as { id: number }).id
  const thread = async (key: string) => (await caller(ws).ok('conversations.get', { id: conversationOf(key) })).messages

  // Ines's public thread: her question and the brand's public answer, status 500.
  const question = item({ remoteId: '400', conversationKey: 'thread-ines', text: 'Does the battery fit?' })
  const publicReply = item({
    remoteId: '500',
    conversationKey: 'thread-ines',
    direction: 'out',
    parentRemoteId: '400',
    author: brand,
    text: '@ines@fosstodon.org Yes, it fits every frame.',
    createdAt: question.createdAt + 60_000,
  })
  // Days later, after the server restarted: Sam's DM, and the brand's private answer, which reuses 500.
  const dm = item({
    remoteId: '410',
    conversationKey: 'dm:77',
    kind: 'dm',
    author: { remoteId: '9', handle: '@sam', displayName: "Sam O'Neil", avatarUrl: null, profileUrl: null },
    text: '@lumenbikes My order #LB-20931 is stuck.',
    createdAt: question.createdAt + 3 * 86_400_000,
  })
  const privateReply = item({
    remoteId: '500',
    conversationKey: 'dm:77',
    kind: 'dm',
    direction: 'out',
    parentRemoteId: '410',
    author: brand,
    text: '@sam Your order ships Monday; your address is 4 Elm Street.',
    createdAt: dm.createdAt + 60_000,
  })

  it('keeps both messages, each in its own thread, and logs the conflict', async () => {
    ingest([question, publicReply])
    const result = ingest([dm, privateReply])
    expect(result.conflicts).toEqual([
      { remoteId: '500', keptInConversationId: conversationOf('thread-ines'), conversationKey: 'dm:77', storedAs: conflictKey('dm:77', '500') },
    ])
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toMatch(/remote id 500 .*kept both apart/)
    // The log names ids, never the words.
    expect(warn.mock.calls[0]![0]).not.toContain('Elm Street')

    const ines = await thread('thread-ines')
    expect(ines.map((m) => m.text)).toEqual(['Does the battery fit?', '@ines@fosstodon.org Yes, it fits every frame.'])
    expect(ines.find((m) => m.remoteId === '500')).toMatchObject({ direction: 'out', editedAt: null })
    const sam = await thread('dm:77')
    expect(sam.map((m) => m.text)).toEqual(['@lumenbikes My order #LB-20931 is stuck.', '@sam Your order ships Monday; your address is 4 Elm Street.'])
    expect(JSON.stringify(ines)).not.toContain('Elm Street')
    expect(JSON.stringify(sam)).not.toContain('fits every frame')
  })

  it('polling again stores the conflicting message once, and its edits reach only it', async () => {
    ingest([question, publicReply])
    ingest([dm, privateReply])
    expect(ingest([dm, privateReply])).toMatchObject({ inserted: 0, updated: 0 })
    ingest([{ ...privateReply, text: '@sam Your order ships Tuesday.' }])
    expect((await thread('dm:77')).map((m) => m.text)).toContain('@sam Your order ships Tuesday.')
    expect((await thread('thread-ines')).map((m) => m.text)).toEqual(['Does the battery fit?', '@ines@fosstodon.org Yes, it fits every frame.'])
    // Nothing moved; two rows in all for the reused id.
    expect(ws.core.db.prepare("SELECT count(*) AS n FROM messages WHERE remote_id IN ('500', ?)").get(conflictKey('dm:77', '500'))).toEqual({ n: 2 })
  })

  it('a reply in the other thread never answers the message that lost its id', async () => {
    ingest([question, publicReply])
    ingest([dm, privateReply])
    const targets = new TargetResolver(new ReplyTargetReads(ws.core.db), new ConnectorRegistry([]))
    // The newest message with an id the platform knows in Sam's thread is his own, not the conflicting one.
    expect(targets.resolve(conversationOf('dm:77')).inReplyTo).toBe('410')
    expect(() => targets.resolve(conversationOf('dm:77'), conflictKey('dm:77', '500'))).toThrow(/not in this conversation/)
  })

  it('the same message reported under another thread key stays where it is, not a conflict', async () => {
    // First seen before its thread's root was known (grouped under the parent), later under the root.
    const early = item({ remoteId: '600', conversationKey: 'parent-599', text: 'Any news?' })
    ingest([early])
    const later = ingest([{ ...early, conversationKey: 'root-598', text: 'Any news? (edited)' }])
    expect(later.conflicts).toEqual([])
    expect(warn).not.toHaveBeenCalled()
    expect(ws.core.db.prepare("SELECT conversation_key AS k, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.remote_id = '600'").all()).toEqual([
      { k: 'parent-599', text: 'Any news? (edited)' },
    ])
  })
})
