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
  cleanup(): Promise<void>
}

/**
 * Laptops as separate workspaces (own data folders, own profiles) in one test process, sharing a
 * team through the sync service over HTTP on a real PostgreSQL. Alex (agent) works on laptop A,
 * Sam (supervisor) on B, Kim (supervisor) on C. Every change is made through the router, as in the app.
 */
describe.skipIf(postgresMissing() !== null)('two laptops share the approval workflow through the team store', () => {
  let admin: MemberRow
  let a: Laptop
  let b: Laptop
  let c: Laptop

  const suite = teamServerForSuite('two_laptops')

  /** A laptop whose workspace has Me, Alex, Sam and Kim, joined to the team as `member` (the local profile of that name). */
  async function laptop(member: 'Alex' | 'Sam' | 'Kim', role: 'agent' | 'supervisor'): Promise<Laptop> {
    const t = tempDir(`parley-team-${member.toLowerCase()}-`)
    const ws = openApprovalCore(t.dir, { config: { outbox: { refreshBeforeSend: false } } })
    const people = await addPeople(ws.ok)
    const code = await suite.service.invite(admin, role, member)
    await ws.core.team.join({ serverUrl: suite.server.url, code, profile: member, passphrase: `${member} passphrase` })
    const passphrase = member === 'Sam' ? PASSPHRASES.sam : member === 'Kim' ? PASSPHRASES.kim : undefined
    await ws.ok('profiles.switch', { profileId: people[member.toLowerCase() as 'alex'], passphrase })
    return { ...ws, people, cleanup: async () => { await ws.client.close(); t.cleanup() } }
  }

  const approvalsOf = (l: Laptop, conversationId: number) => l.ok('approvals.list', { conversationId, status: 'all', limit: 10 })
  const conversationOn = (l: Laptop, key: string): number => {
    const row = l.core.db.prepare('SELECT id FROM conversations WHERE conversation_key = ?').get(key) as { id: number } | undefined
    if (!row) throw new Error(`conversation ${key} has not reached this laptop`)
    return row.id
  }

  /** Alex, on A, answers a new inbound comment and submits the reply for approval; A shares it. */
  async function alexSubmits(key: string, body: string) {
    const accountId = a.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
    a.core.stores.ingest.ingest(accountId, [item({ remoteId: `r-${key}`, conversationKey: key, createdAt: a.clock.now() - 60_000 })])
    const conversationId = conversationOn(a, key)
    await a.ok('drafts.save', { conversationId, body })
    const { approval } = await a.ok('approvals.submit', { conversationId })
    await a.core.team.syncOnce()
    return { conversationId, approval: approval! }
  }

  beforeEach(async () => {
    admin = (await suite.service.createTeam({ name: 'Brand support', memberId: randomUUID(), memberName: 'Ada', profile: 'ada', key: randomBytes(32) })).member
    a = await laptop('Alex', 'agent')
    b = await laptop('Sam', 'supervisor')
    c = await laptop('Kim', 'supervisor')
  })
  afterEach(async () => {
    await Promise.all([a, b, c].map((l) => l?.cleanup()))
  })

  it('an agent drafts on A, a supervisor approves on B, and A sees the approval', async () => {
    const { approval } = await alexSubmits('thread-1', 'Thanks for the photos, a new wheel is on its way.')
    expect(approval.status).toBe('pending')

    await b.core.team.syncOnce()
    // The comment, the conversation and the request reached B, though B never polled the account.
    const onB = conversationOn(b, 'thread-1')
    const queue = await b.ok('approvals.list', { status: 'pending', limit: 10 })
    expect(queue.map((x) => [x.id, x.body, x.bodyHash, x.author.name])).toEqual([[approval.id, approval.body, approval.bodyHash, 'Alex']])
    const shared = b.core.db.prepare('SELECT status, status_message FROM channel_accounts').get() as { status: string; status_message: string }
    expect(shared.status).toBe('paused')
    // Alex's profile on B only shows what Alex did: Sam cannot work as Alex there (it would be shared as Sam).
    expect(await b.raw('profiles.switch', { profileId: b.people.alex })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: 'Alex is a member of your team who works from their own laptop. Here you work as Sam, who joined the team from this laptop.' },
    })
    expect((await b.ok('profiles.current', {})).name).toBe('Sam')

    const decided = await b.ok('approvals.approve', { approvalId: approval.id, bodyHash: approval.bodyHash })
    expect(decided.approval.status).toBe('approved')
    expect((await b.core.team.syncOnce()).contested).toEqual([])

    const report = await a.core.team.syncOnce()
    expect(report.applied).toBeGreaterThan(0)
    const [onA] = await approvalsOf(a, conversationOn(a, 'thread-1'))
    expect(onA).toMatchObject({ id: approval.id, status: 'approved', decidedBy: { name: 'Sam' } })
    // A's own ops came back without being recorded again, and nothing is left to push.
    expect(a.core.team.status().unpushed).toBe(0)
    expect(b.core.team.status().unpushed).toBe(0)
    expect(a.core.team.status().applyProblems).toEqual([])
    // Applying the pulled ops changed nothing that would be shared again.
    const replayed = a.core.db.prepare("SELECT count(*) AS n FROM team_op_log WHERE origin = 'local' AND operation = 'approvals.approve'").get() as { n: number }
    expect(replayed.n).toBe(0)
    expect((await approvalsOf(b, onB))[0]!.status).toBe('approved')
  })

  it('two supervisors decide at once: the first decision wins and the other laptop sees "already decided by …"', async () => {
    const { approval } = await alexSubmits('thread-2', 'We can refund the shipping, sorry about the delay.')
    await b.core.team.syncOnce()
    await c.core.team.syncOnce()

    // Both decide before either shares: Sam approves on B, Kim rejects on C.
    await b.ok('approvals.approve', { approvalId: approval.id, bodyHash: approval.bodyHash })
    await c.ok('approvals.reject', { approvalId: approval.id, note: 'Check the order first.' })
    expect((await approvalsOf(c, conversationOn(c, 'thread-2')))[0]!.status).toBe('rejected')

    expect((await b.core.team.syncOnce()).contested).toEqual([])
    const onC = await c.core.team.syncOnce()
    expect(onC.contested).toEqual([{ operation: 'approvals.reject', outcome: 'lost', message: 'already decided by Sam (approved)' }])
    expect(c.core.team.status().contested[0]).toMatchObject({ outcome: 'lost', message: 'already decided by Sam (approved)' })

    // C's rejection gave way to the team's decision: every laptop shows Sam's approval.
    await a.core.team.syncOnce()
    for (const l of [a, b, c]) {
      const [x] = await approvalsOf(l, conversationOn(l, 'thread-2'))
      expect(x).toMatchObject({ id: approval.id, status: 'approved', decidedBy: { name: 'Sam' } })
    }
    // C's local reply queue holds the approved reply exactly once.
    const items = c.core.db.prepare("SELECT state FROM outbox_items WHERE approval_id = ? AND state <> 'cancelled'").all(approval.id)
    expect(items).toEqual([{ state: 'queued' }])
  })

  it('an edit-and-approve that lost is undone: the laptop shows the author\'s words with the winner\'s decision only', async () => {
    const { approval } = await alexSubmits('thread-4', 'Your frame ships on Monday.')
    await b.core.team.syncOnce()
    await c.core.team.syncOnce()
    await b.ok('approvals.approve', { approvalId: approval.id, bodyHash: approval.bodyHash })
    await c.ok('approvals.editAndApprove', { approvalId: approval.id, bodyHash: approval.bodyHash, body: 'Your frame ships on Tuesday.' })
    await b.core.team.syncOnce()
    expect((await c.core.team.syncOnce()).contested).toEqual([{ operation: 'approvals.editAndApprove', outcome: 'lost', message: 'already decided by Sam (approved)' }])

    const onB = (await approvalsOf(b, conversationOn(b, 'thread-4')))[0]!
    const onC = (await approvalsOf(c, conversationOn(c, 'thread-4')))[0]!
    expect(onC).toMatchObject({ status: 'approved', body: onB.body, bodyHash: onB.bodyHash, originalBody: null, editedBy: null, decidedBy: { name: 'Sam' } })
    expect(onC.decisions.map((d) => `${d.profile.name} ${d.action}`)).toEqual(['Sam approved'])
    // The one reply C would send carries the words the team approved, not Kim's edit.
    const items = c.core.db.prepare("SELECT body FROM outbox_items WHERE approval_id = ? AND state <> 'cancelled'").all(approval.id)
    expect(items).toEqual([{ body: onB.body }])
  })

  it('status, assignee and tags converge; both status changes stay as activity; notes are appended once', async () => {
    const { conversationId } = await alexSubmits('thread-3', 'On it.')
    await b.core.team.syncOnce()
    const onB = conversationOn(b, 'thread-3')
    const tag = await a.ok('tags.create', { name: 'refund' })
    await a.ok('conversations.addTags', { ids: [conversationId], tagIds: [tag.id] })
    await a.ok('conversations.setStatus', { ids: [conversationId], status: 'pending' })
    await b.ok('conversations.setStatus', { ids: [onB], status: 'done' })
    await b.ok('conversations.assign', { ids: [onB], profileId: b.people.kim })
    await a.ok('notes.add', { conversationId, body: 'Customer called as well.' })
    await a.core.team.syncOnce()
    await b.core.team.syncOnce()
    await a.core.team.syncOnce()
    await b.core.team.syncOnce()

    const state = (l: Laptop, id: number) =>
      l.core.db
        .prepare(
          `SELECT c.status, p.name AS assignee, (SELECT group_concat(t.name) FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.conversation_id = c.id) AS tags,
             (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'note') AS notes
           FROM conversations c LEFT JOIN profiles p ON p.id = c.assignee_id WHERE c.id = ?`,
        )
        .get(id)
    // B's status change was made later by the clock: it wins on both laptops.
    expect(state(a, conversationId)).toEqual({ status: 'done', assignee: 'Kim', tags: 'refund', notes: 1 })
    expect(state(b, onB)).toEqual(state(a, conversationId))
    // A's own change and B's are both in A's timeline.
    const statusLines = a.core.db.prepare("SELECT author_name AS who, text FROM messages WHERE conversation_id = ? AND direction = 'activity' AND json_extract(raw, '$.activity') = 'status'").all(conversationId) as { who: string; text: string }[]
    expect(statusLines.map((l) => l.who)).toEqual(expect.arrayContaining(['Alex', 'Sam']))
    expect(a.core.team.status().applyProblems).toEqual([])
    expect(b.core.team.status().applyProblems).toEqual([])
  })
})
