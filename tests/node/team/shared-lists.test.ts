import { randomBytes, randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MemberRow } from '../../../src/main/store/team-postgres/members'
import { addPeople, openApprovalCore, PASSPHRASES, type People } from '../../support/approval-workspace'
import { brandAccount, item } from '../../support/items'
import { postgresMissing } from '../../support/postgres'
import { teamServerForSuite } from '../../support/team-server'
import { tempDir } from '../../support/workspace'

type Ws = ReturnType<typeof openApprovalCore>
interface Laptop extends Ws {
  people: People
  accountId: number
  cleanup(): Promise<void>
}

const ines = { remoteId: '109876', handle: '@ines@fosstodon.org', displayName: 'Inês Araújo', avatarUrl: null, profileUrl: null }
const kai = { remoteId: '204060', handle: '@kai@mastodon.social', displayName: 'Kai', avatarUrl: null, profileUrl: null }

/**
 * The team's shared lists on two laptops through the sync service on a real PostgreSQL: Me (the
 * admin) works on A, Sam (supervisor) on B. Tags, the approval policy, canned replies, saved views,
 * rules, topics and contacts changed on one laptop through the router apply on the other, by uuid
 * or natural key (never a local id), converge after concurrent edits, and a bad op is kept with its
 * reason while the ones after it apply.
 */
describe.skipIf(postgresMissing() !== null)('a team shares its tags, policy, canned replies, saved views, rules, topics and contacts', () => {
  let admin: MemberRow
  let a: Laptop
  let b: Laptop

  const suite = teamServerForSuite('shared_lists')

  /** A laptop with Me, Alex, Sam and Kim and the brand's account with two authors' comments, joined as `member`. */
  async function laptop(member: 'Me' | 'Sam', role: 'admin' | 'supervisor'): Promise<Laptop> {
    const t = tempDir(`parley-team-lists-${member.toLowerCase()}-`)
    const ws = openApprovalCore(t.dir, { config: { outbox: { refreshBeforeSend: false } } })
    const people = await addPeople(ws.ok)
    await ws.core.team.join({ serverUrl: suite.server.url, code: await suite.service.invite(admin, role, member), profile: member, passphrase: `${member} passphrase` })
    if (member === 'Sam') await ws.ok('profiles.switch', { profileId: people.sam, passphrase: PASSPHRASES.sam })
    const accountId = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
    return { ...ws, people, accountId, cleanup: async () => { await ws.client.close(); t.cleanup() } }
  }

  beforeEach(async () => {
    admin = (await suite.service.createTeam({ name: 'Brand support', memberId: randomUUID(), memberName: 'Ada', profile: 'ada', key: randomBytes(32) })).member
    a = await laptop('Me', 'admin')
    b = await laptop('Sam', 'supervisor')
    // Two customers' comments, polled on A only: B gets them through the team.
    a.core.stores.ingest.ingest(a.accountId, [
      item({ remoteId: 'r-ines', conversationKey: 'thread-ines', author: ines }),
      item({ remoteId: 'r-kai', conversationKey: 'thread-kai', author: kai }),
    ])
    await rounds()
  })
  afterEach(async () => {
    await Promise.all([a, b].map((l) => l?.cleanup()))
  })

  /** A shares, B shares and applies, A applies. */
  async function rounds(): Promise<void> {
    await a.core.team.syncOnce()
    await b.core.team.syncOnce()
    await a.core.team.syncOnce()
  }
  const conversationOn = (l: Laptop, key: string): number => (l.core.db.prepare('SELECT id FROM conversations WHERE conversation_key = ?').get(key) as { id: number }).id
  const tagsOf = (l: Laptop) => l.core.db.prepare(
    `SELECT t.name, t.color, (SELECT group_concat(c.conversation_key) FROM conversation_tags ct JOIN conversations c ON c.id = ct.conversation_id WHERE ct.tag_id = t.id) AS tagged
     FROM tags t ORDER BY t.name`,
  ).all()
  const problems = (l: Laptop) => l.core.team.status().applyProblems

  it('a tag renamed, merged and deleted on A is on B; concurrent renames end as the later one on both; a rename onto a taken name merges', async () => {
    const bug = await a.ok('tags.create', { name: 'bug' })
    const feature = await a.ok('tags.create', { name: 'feature' })
    const old = await a.ok('tags.create', { name: 'old' })
    await a.ok('conversations.addTags', { ids: [conversationOn(a, 'thread-ines')], tagIds: [bug.id, old.id] })
    await a.ok('conversations.addTags', { ids: [conversationOn(a, 'thread-kai')], tagIds: [feature.id] })
    await rounds()

    await a.ok('tags.update', { id: bug.id, name: 'defect', color: '#ff0000' })
    await a.ok('tags.merge', { sourceIds: [feature.id], targetId: bug.id })
    await a.ok('tags.delete', { id: old.id })
    await rounds()
    expect(tagsOf(b)).toEqual([{ name: 'defect', color: '#ff0000', tagged: 'thread-ines,thread-kai' }])
    expect(tagsOf(b)).toEqual(tagsOf(a))

    // Both rename the one tag before either shares: the rename the team numbered last wins on both laptops.
    const defectOnB = (b.core.db.prepare("SELECT id FROM tags WHERE name = 'defect'").get() as { id: number }).id
    await a.ok('tags.update', { id: bug.id, name: 'issue' })
    await b.ok('tags.update', { id: defectOnB, name: 'problem' })
    await rounds()
    await b.core.team.syncOnce()
    expect(tagsOf(a).map((t) => (t as { name: string }).name)).toEqual(['problem'])
    expect(tagsOf(b)).toEqual(tagsOf(a))

    // B tags Kai's thread while A renames the tag: B's tagging finds the renamed tag on A, not a new tag of the old name.
    const problemOnB = (b.core.db.prepare("SELECT id FROM tags WHERE name = 'problem'").get() as { id: number }).id
    await b.ok('conversations.removeTags', { ids: [conversationOn(b, 'thread-kai')], tagIds: [problemOnB] })
    await rounds()
    await a.ok('tags.update', { id: bug.id, name: 'trouble' })
    await b.ok('conversations.addTags', { ids: [conversationOn(b, 'thread-kai')], tagIds: [problemOnB] })
    await rounds()
    await b.core.team.syncOnce()
    expect(tagsOf(a)).toEqual([{ name: 'trouble', color: '#ff0000', tagged: 'thread-ines,thread-kai' }])
    expect(tagsOf(b)).toEqual(tagsOf(a))

    // B makes "urgent" while A renames its tag to "urgent": one tag of that name on both, holding both tags' conversations.
    const urgent = await b.ok('tags.create', { name: 'urgent' })
    await b.ok('conversations.addTags', { ids: [conversationOn(b, 'thread-kai')], tagIds: [urgent.id] })
    await a.ok('tags.update', { id: bug.id, name: 'urgent' })
    await a.ok('conversations.removeTags', { ids: [conversationOn(a, 'thread-kai')], tagIds: [bug.id] })
    await rounds()
    await b.core.team.syncOnce()
    expect(tagsOf(a).map((t) => (t as { name: string }).name)).toEqual(['urgent'])
    expect(tagsOf(b)).toEqual(tagsOf(a))
    expect(problems(a)).toEqual([])
    expect(problems(b)).toEqual([])
  })

  it('the approval policy set by the admin on A is B\'s, with its people and accounts found by name and key', async () => {
    await a.ok('policy.set', {
      rules: [{ id: 'vip', label: 'VIP account', when: { profileIds: [a.people.alex], channelAccountIds: [a.accountId] }, approval: 'always', secondStep: { group: [a.people.kim], mode: 'any' } }],
      roleDefaults: { agent: 'always', supervisor: 'always', admin: 'never' },
      undoWindowMs: 30_000,
    })
    await rounds()
    const onB = await b.ok('policy.get', {})
    expect(onB.roleDefaults).toEqual({ agent: 'always', supervisor: 'always', admin: 'never' })
    expect(onB.undoWindowMs).toBe(30_000)
    expect(onB.rules[0]).toMatchObject({ id: 'vip', when: { profileIds: [b.people.alex], channelAccountIds: [b.accountId] }, secondStep: { group: [b.people.kim], mode: 'any' } })
    expect(problems(b)).toEqual([])
  })

  it('canned replies, saved views, rules and topics made on A are on B; an edit on A and a rename on B find one row and converge', async () => {
    const refund = await a.ok('canned.save', { name: 'Refund', body: 'We have refunded your order.' })
    const first = await a.ok('savedViews.create', { name: 'Urgent', query: 'is:open' })
    const second = await a.ok('savedViews.create', { name: 'Mine', query: 'assignee:me' })
    const rule = await a.ok('rules.save', { name: 'VIPs to Kim', conditions: { accountIds: [a.accountId], author: 'ines' }, actions: [{ type: 'assign', profileId: a.people.kim }, { type: 'tag', tag: 'vip' }] })
    await a.ok('rules.setEnabled', { id: rule.id, enabled: true })
    const topic = await a.ok('topics.save', { name: 'Outage', query: 'outage OR down', enabled: true, alert: false })
    await a.ok('savedViews.reorder', { ids: [second.id, first.id] })
    await rounds()

    expect((await b.ok('canned.list', {})).map((c) => [c.name, c.body])).toEqual([['Refund', 'We have refunded your order.']])
    expect((await b.ok('savedViews.list', {})).map((v) => [v.name, v.query])).toEqual([['Mine', 'assignee:me'], ['Urgent', 'is:open']])
    const [ruleOnB] = await b.ok('rules.list', {})
    expect(ruleOnB).toMatchObject({ name: 'VIPs to Kim', enabled: true, conditions: { accountIds: [b.accountId], author: 'ines' }, actions: [{ type: 'assign', profileId: b.people.kim }, { type: 'tag', tag: 'vip' }] })
    expect((await b.ok('topics.list', {})).map((t) => [t.name, t.query, t.alert])).toEqual([['Outage', 'outage OR down', false]])

    // A edits the reply's words while B renames it: both name the row by its uuid, so neither makes a second one.
    const refundOnB = (await b.ok('canned.list', {}))[0]!
    await a.ok('canned.save', { id: refund.id, name: 'Refund', body: 'Your refund is on its way.' })
    await b.ok('canned.save', { id: refundOnB.id, name: 'Refunds', body: refundOnB.body })
    const viewOnB = (await b.ok('savedViews.list', {})).find((v) => v.name === 'Urgent')!
    await b.ok('savedViews.update', { id: viewOnB.id, name: 'Urgent now' })
    await a.ok('savedViews.update', { id: first.id, query: 'is:pending' })
    await rounds()
    await b.core.team.syncOnce()
    const canned = (l: Laptop) => l.ok('canned.list', {}).then((list) => list.map((c) => [c.name, c.body]))
    expect(await canned(a)).toHaveLength(1)
    expect(await canned(b)).toEqual(await canned(a))
    const views = (l: Laptop) => l.ok('savedViews.list', {}).then((list) => list.map((v) => [v.name, v.query]))
    expect(await views(a)).toHaveLength(2)
    expect(await views(b)).toEqual(await views(a))

    await b.ok('rules.delete', { id: ruleOnB!.id })
    await b.ok('topics.delete', { id: (await b.ok('topics.list', {}))[0]!.id })
    await b.ok('canned.delete', { id: (await b.ok('canned.list', {}))[0]!.id })
    await rounds()
    expect(await a.ok('rules.list', {})).toEqual([])
    expect(await a.ok('topics.list', {})).toEqual([])
    expect(await a.ok('canned.list', {})).toEqual([])
    expect(topic.id).toBeGreaterThan(0)
    expect(problems(a)).toEqual([])
    expect(problems(b)).toEqual([])
  })

  it('contact notes and a merge made on A are on B; an un-merge on B undoes it on A', async () => {
    const contactOf = (l: Laptop, key: string): number => (l.core.db.prepare('SELECT contact_id AS id FROM conversations WHERE conversation_key = ?').get(key) as { id: number }).id
    await a.ok('contacts.setNotes', { id: contactOf(a, 'thread-ines'), notes: 'Rides a Commuter 2.' })
    await a.ok('contacts.merge', { targetId: contactOf(a, 'thread-ines'), sourceId: contactOf(a, 'thread-kai') })
    await rounds()
    expect(contactOf(b, 'thread-kai')).toBe(contactOf(b, 'thread-ines'))
    const onB = await b.ok('contacts.get', { id: contactOf(b, 'thread-ines') })
    expect(onB.contact.notes).toBe('Rides a Commuter 2.')
    expect(onB.merges).toHaveLength(1)

    await b.ok('contacts.unmerge', { mergeId: onB.merges[0]!.id })
    await rounds()
    for (const l of [a, b]) expect(contactOf(l, 'thread-kai')).not.toBe(contactOf(l, 'thread-ines'))
    expect((await a.ok('contacts.get', { id: contactOf(a, 'thread-ines') })).merges[0]!.unmergedAt).not.toBeNull()
    expect(problems(a)).toEqual([])
    expect(problems(b)).toEqual([])
  })

  it('an op naming a rule that never reached B, a policy from a supervisor and one in an earlier Parley\'s form are kept with their reasons; the ops after them apply', async () => {
    // As a laptop of another version or a broken one might push them: straight into A's log.
    a.core.team.record('rules.setEnabled', { ruleId: randomUUID(), enabled: true }, () => 'Me')
    // A policy in the form an earlier Parley recorded (A's own ids, no team terms): read on B it would reset B's policy.
    a.core.team.record('policy.set', { rules: [], roleDefaults: { agent: 'never', supervisor: 'never', admin: 'never' }, undoWindowMs: 0 }, () => 'Me')
    await a.ok('canned.save', { name: 'Hello', body: 'Hi there!' })
    await b.ok('policy.set', { rules: [], roleDefaults: { agent: 'never', supervisor: 'never', admin: 'never' }, undoWindowMs: 0 }).catch(() => undefined)
    b.core.team.record('policy.set', { policy: { rules: [], roleDefaults: { agent: 'never', supervisor: 'never', admin: 'never' }, undoWindowMs: 0 } }, () => 'Sam')
    await b.ok('savedViews.create', { name: 'Open', query: 'is:open' })
    await rounds()
    // Both fail on every laptop, their makers' included (a laptop's own shared-list ops are applied again in the team's order).
    const onlyAdmins = 'Only admins can change the approval policy; you are working as Sam (supervisor).'
    const older = "Recorded by an earlier Parley with its own laptop's ids; it cannot be applied here."
    for (const l of [a, b]) expect(problems(l).map((p) => p.problem).sort()).toEqual([onlyAdmins, older, 'That rule has not reached this laptop.'])
    expect((await b.ok('canned.list', {})).map((c) => c.name)).toEqual(['Hello'])
    expect((await a.ok('savedViews.list', {})).map((v) => v.name)).toEqual(['Open'])
    for (const l of [a, b]) expect((await l.ok('policy.get', {})).roleDefaults.agent).toBe('always')
  })
})
