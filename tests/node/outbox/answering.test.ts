import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addPeople, openApprovalCore, PASSPHRASES, type People } from '../../support/approval-workspace'
import { brandAccount, item } from '../../support/items'
import { tempDir } from '../../support/workspace'

/** The Outbox screen names who a reply answers and in which thread, not only the sending account. */
describe('outbox.list: who is answered', () => {
  let t: ReturnType<typeof tempDir>
  let ws: ReturnType<typeof openApprovalCore>
  let people: People

  beforeEach(async () => {
    t = tempDir('parley-outbox-answering-')
    ws = openApprovalCore(t.dir, { config: { outbox: { refreshBeforeSend: false } } })
    people = await addPeople(ws.ok)
  })
  afterEach(async () => {
    await ws.client.close()
    t.cleanup()
  })

  it('gives the author of the post replied to and the thread’s opening words', async () => {
    const accountId = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
    const brandPost = item({
      remoteId: '5000',
      conversationKey: 'thread-b',
      direction: 'out',
      isContext: true,
      author: { remoteId: '1', handle: '@lumenbikes@mastodon.social', displayName: 'Lumen Bikes', avatarUrl: null, profileUrl: null },
      text: 'Meet the new Commuter 3:   lighter,\nfaster, and it folds.',
      createdAt: ws.clock.now() - 120_000,
    })
    const mia = item({ remoteId: '5001', conversationKey: 'thread-b', parentRemoteId: '5000', createdAt: ws.clock.now() - 90_000 })
    const li = item({
      remoteId: '5002',
      conversationKey: 'thread-b',
      parentRemoteId: '5000',
      author: { remoteId: '77', handle: '@li@cats.town', displayName: 'Li Wei', avatarUrl: null, profileUrl: null },
      createdAt: ws.clock.now() - 60_000,
    })
    ws.core.stores.ingest.ingest(accountId, [brandPost, mia, li])
    const conversationId = (ws.core.db.prepare("SELECT id FROM conversations WHERE conversation_key = 'thread-b'").get() as { id: number }).id

    await ws.ok('profiles.switch', { profileId: people.sam, passphrase: PASSPHRASES.sam })
    await ws.ok('drafts.save', { conversationId, body: 'It does fold, yes.' })
    const { outboxItem } = await ws.ok('approvals.submit', { conversationId })
    expect(outboxItem).not.toBeNull()

    const [listed] = await ws.ok('outbox.list', {})
    expect(listed!.inReplyTo).toBe('5002')
    expect(listed!.answering).toEqual({ name: 'Li Wei', handle: '@li@cats.town', thread: 'Meet the new Commuter 3: lighter, faster, and it folds.' })
  })
})
