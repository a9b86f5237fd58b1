import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { opContext } from '../../../src/main/features/team/op-context'
import { TeamOpLogStore, type LoggedOp } from '../../../src/main/store/team-op-log'
import { addPeople, openApprovalCore, PASSPHRASES, type People } from '../../support/approval-workspace'
import { brandAccount, item } from '../../support/items'
import { tempDir } from '../../support/workspace'

type Ws = ReturnType<typeof openApprovalCore>
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * What a joined laptop records: router calls in team terms (entities by uuid and natural key, never
 * local integer ids), written in the same SQLite transaction as the change they describe.
 */
describe('recording team ops', () => {
  let t: ReturnType<typeof tempDir>
  let ws: Ws
  let people: People
  let conversationId: number
  let conversationUuid: string

  const ops = (): LoggedOp[] => new TeamOpLogStore(ws.core.db).unpushed(1_000)
  const last = (operation: string): LoggedOp => {
    const found = ops().filter((o) => o.operation === operation)
    expect(found.length, `an op ${operation}`).toBeGreaterThan(0)
    return found[found.length - 1]!
  }
  const as = (profileId: number, passphrase?: string) => ws.ok('profiles.switch', { profileId, passphrase })

  beforeEach(async () => {
    t = tempDir('parley-team-record-')
    ws = openApprovalCore(t.dir, { config: { outbox: { refreshBeforeSend: false } } })
    people = await addPeople(ws.ok)
    // Joined without a server: recording needs only the membership.
    new TeamOpLogStore(ws.core.db).setMembership(
      { serverUrl: 'http://127.0.0.1:9', teamId: randomUUID(), teamName: 'Brand', memberId: randomUUID(), memberName: 'Alex', role: 'agent', profile: 'Alex', device: 'laptop-a' },
      1,
    )
    const reopened = openApprovalCore(t.dir, { clock: ws.clock, vault: ws.vault, config: { outbox: { refreshBeforeSend: false } } })
    await ws.client.close()
    ws = reopened
    await ws.ok('profiles.unlock', { passphrase: PASSPHRASES.me })
    const accountId = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
    ws.core.stores.ingest.ingest(accountId, [item({ remoteId: '9001', conversationKey: 'thread-a', createdAt: ws.clock.now() - 60_000 })])
    const row = ws.core.db.prepare("SELECT id, uuid FROM conversations WHERE conversation_key = 'thread-a'").get() as { id: number; uuid: string }
    conversationId = row.id
    conversationUuid = row.uuid
  })
  afterEach(async () => {
    await ws.client.close()
    t.cleanup()
  })

  it('shares an ingested message as an items.ingest op with everything another laptop needs to show it', () => {
    const op = last('items.ingest')
    const message = ws.core.db.prepare("SELECT uuid FROM messages WHERE remote_id = '9001'").get() as { uuid: string }
    expect(op.input).toMatchObject({
      itemId: message.uuid,
      channelAccount: 'mastodon|https://mastodon.social|@lumenbikes@mastodon.social',
      remoteId: '9001',
      conversation: { id: conversationUuid, key: 'thread-a' },
      item: { remoteId: '9001', conversationKey: 'thread-a', direction: 'in', author: { remoteId: '109876' } },
    })
    expect(op.entities).toEqual([message.uuid, conversationUuid])
  })

  it('records drafts, approvals, status, assignment, tags and notes by uuid and name, never by local id', async () => {
    await as(people.alex)
    await ws.ok('drafts.save', { conversationId, body: 'Thanks, we will look into it.' })
    expect(last('drafts.save').input).toEqual({ conversationId: conversationUuid, conversation: { id: conversationUuid, account: expect.any(String), key: 'thread-a' }, text: 'Thanks, we will look into it.' })

    const submitted = await ws.ok('approvals.submit', { conversationId })
    const approval = submitted.approval!
    expect(approval.id).toMatch(UUID)
    expect(last('approvals.submit').input).toMatchObject({ approvalId: approval.id, conversationId: conversationUuid, text: approval.body, textHash: approval.bodyHash })

    await as(people.sam, PASSPHRASES.sam)
    await ws.ok('approvals.approve', { approvalId: approval.id, bodyHash: approval.bodyHash })
    expect(last('approvals.approve').input).toEqual({ approvalId: approval.id, textHash: approval.bodyHash })
    const outboxUuid = (ws.core.db.prepare('SELECT uuid FROM outbox_items WHERE approval_id = ?').get(approval.id) as { uuid: string }).uuid
    // The outbox item the approval queued is among the entities the op touched.
    expect(last('approvals.approve').entities).toEqual(expect.arrayContaining([approval.id, outboxUuid]))

    await ws.ok('conversations.setStatus', { ids: [conversationId], status: 'done' })
    expect(last('conversations.setStatus').input).toMatchObject({ conversationIds: [conversationUuid], status: 'done', snoozeUntil: null })
    await ws.ok('conversations.assign', { ids: [conversationId], profileId: people.kim })
    expect(last('conversations.assign').input).toMatchObject({ conversationIds: [conversationUuid], assignee: 'Kim' })
    const tag = await ws.ok('tags.create', { name: 'refund' })
    await ws.ok('conversations.addTags', { ids: [conversationId], tagIds: [tag.id] })
    expect(last('conversations.addTags').input).toMatchObject({ conversationIds: [conversationUuid], tags: ['refund'] })
    const tagUuid = (ws.core.db.prepare('SELECT uuid FROM tags WHERE id = ?').get(tag.id) as { uuid: string }).uuid
    expect(last('tags.create').entities).toContain(tagUuid)
    await ws.ok('conversations.removeTags', { ids: [conversationId], tagIds: [tag.id] })
    expect(last('conversations.removeTags').input).toMatchObject({ conversationIds: [conversationUuid], tags: ['refund'] })
    const note = await ws.ok('notes.add', { conversationId, body: 'Customer called too.' })
    const noteUuid = (ws.core.db.prepare('SELECT uuid FROM messages WHERE id = ?').get(note.id) as { uuid: string }).uuid
    // With the time it was written here, at which every laptop files it.
    expect(last('notes.add').input).toMatchObject({ noteId: noteUuid, conversationId: conversationUuid, body: 'Customer called too.', at: note.createdAt })

    // No recorded input names a conversation, approval or tag by a local integer id.
    for (const op of ops().filter((o) => o.operation !== 'tags.create')) {
      expect(JSON.stringify(op.input), op.operation).not.toMatch(/"(ids|tagIds|profileId)"/)
    }
  })

  it('records the shared lists by uuid, name and natural key, naming renamed and deleted rows as they were before the call', async () => {
    const accountKey = 'mastodon|https://mastodon.social|@lumenbikes@mastodon.social'
    const tag = await ws.ok('tags.create', { name: 'bug' })
    const tagUuid = (ws.core.db.prepare('SELECT uuid FROM tags WHERE id = ?').get(tag.id) as { uuid: string }).uuid
    expect(last('tags.create').input).toEqual({ name: 'bug', color: null, tagId: tagUuid })
    await ws.ok('tags.update', { id: tag.id, name: 'defect' })
    expect(last('tags.update').input).toEqual({ tag: { id: tagUuid, name: 'bug' }, name: 'defect', color: null })
    await ws.ok('tags.delete', { id: tag.id })
    expect(last('tags.delete').input).toEqual({ tag: { id: tagUuid, name: 'defect' } })

    const canned = await ws.ok('canned.save', { name: 'Refund', body: 'Refunded.' })
    const cannedUuid = (ws.core.db.prepare('SELECT uuid FROM canned_replies WHERE id = ?').get(canned.id) as { uuid: string }).uuid
    expect(cannedUuid).toMatch(UUID)
    expect(last('canned.save').input).toEqual({ cannedId: cannedUuid, name: 'Refund', body: 'Refunded.' })
    await ws.ok('canned.delete', { id: canned.id })
    expect(last('canned.delete').input).toEqual({ cannedId: cannedUuid })

    const accountId = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
    const rule = await ws.ok('rules.save', { name: 'To Kim', conditions: { accountIds: [accountId] }, actions: [{ type: 'assign', profileId: people.kim }] })
    const ruleUuid = (ws.core.db.prepare('SELECT uuid FROM rules WHERE id = ?').get(rule.id) as { uuid: string }).uuid
    expect(last('rules.save').input).toEqual({ ruleId: ruleUuid, name: 'To Kim', conditions: { accounts: [accountKey] }, actions: [{ type: 'assign', profile: 'Kim' }] })

    ws.core.stores.ingest.ingest(accountId, [item({ remoteId: '9002', conversationKey: 'thread-b', author: { remoteId: '555', handle: '@kai@x.social', displayName: 'Kai', avatarUrl: null, profileUrl: null } })])
    const contactOf = (key: string) => (ws.core.db.prepare('SELECT contact_id AS id FROM conversations WHERE conversation_key = ?').get(key) as { id: number }).id
    const merge = await ws.ok('contacts.merge', { targetId: contactOf('thread-a'), sourceId: contactOf('thread-b') })
    const mergeUuid = (ws.core.db.prepare('SELECT uuid FROM contact_merges WHERE id = ?').get(merge.id) as { uuid: string }).uuid
    expect(last('contacts.merge').input).toEqual({ mergeId: mergeUuid, target: [{ account: accountKey, remoteId: '109876' }], source: [{ account: accountKey, remoteId: '555' }] })
  })

  it('a change and its op commit together: when the op cannot be written, the change is rolled back too', async () => {
    // Stands in for a crash or a full disk at the moment the op is written.
    ws.core.db.exec("CREATE TEMP TRIGGER op_write_fails BEFORE INSERT ON team_op_log BEGIN SELECT RAISE(ABORT, 'simulated failure writing the op'); END")
    const before = ops().length
    const result = await ws.raw('conversations.setStatus', { ids: [conversationId], status: 'done' })
    expect(result.ok).toBe(false)
    expect((ws.core.db.prepare('SELECT status FROM conversations WHERE id = ?').get(conversationId) as { status: string }).status).toBe('open')
    ws.core.db.exec('DROP TRIGGER op_write_fails')
    expect(ops()).toHaveLength(before)
  })

  it('an op is never written for a change that rolled back', async () => {
    const before = ops().length
    // The approval request does not exist: the workflow refuses inside its transaction.
    expect((await ws.raw('approvals.reject', { approvalId: randomUUID(), note: 'no' })).ok).toBe(false)
    await as(people.alex)
    // Draft saved, then the same call in a transaction that fails after the save: nothing of it stays.
    const context = { operation: 'drafts.save', input: { conversationId, body: 'half written' }, recorded: false, remote: false }
    expect(() =>
      opContext.run(context, () =>
        ws.core.uow.run(() => {
          ws.core.inbox.saveDraft(conversationId, 'half written')
          throw new Error('power cut')
        }),
      ),
    ).toThrow('power cut')
    expect(context.recorded).toBe(false)
    expect(ops()).toHaveLength(before)
    expect(ws.core.db.prepare('SELECT count(*) AS n FROM drafts').get()).toEqual({ n: 0 })
  })
})
