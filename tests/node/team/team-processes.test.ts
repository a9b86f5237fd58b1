import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseFile } from '../../../src/main/base/paths'
import { TeamDigestStore } from '../../../src/main/store/team-digest'
import { startMastodonFake, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import type { RecordedRequest } from '../../../src/main/features/connectors/testing/fake-http'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy'
import { isPost } from '../../support/team-sending-laptops'
import { eventually, LaptopDied, parleyCli, startLaptop, teamServeProcess, type LaptopProcess, type TeamServiceProcess } from '../../support/team-processes'
import { tempDir } from '../../support/workspace'

/**
 * The team store end to end, every part its own process: a real PostgreSQL, `parley team serve`,
 * and three laptops as `parley serve` processes with their own data folders, vaults and profiles
 * (Alex, an agent, on A; Sam and Kim, supervisors, on B and C), all holding the Mastodon account
 * (each with its own token, so the fake knows which laptop posted). Everything is driven through
 * each laptop's HTTP contract API. B reaches the service through a loopback proxy that cuts it off.
 *
 * Size: N replies in three groups (conflicts with both online; B offline deciding all of its
 * group while C decides half of it; C alone, with the remainder), so every path runs many times over.
 * 200, as the design asks (25-55 s on this 2-core machine); PARLEY_TEST_PROVING_REPLIES=36 runs a smaller size
 * locally (12 to 200; 200 is one page of the API's lists).
 */
const N = provingReplies(process.env.PARLEY_TEST_PROVING_REPLIES)
function provingReplies(value: string | undefined): number {
  const n = value === undefined ? 200 : Number(value)
  if (!Number.isInteger(n) || n < 12 || n > 200) throw new Error(`PARLEY_TEST_PROVING_REPLIES must be a whole number from 12 to 200, not ${value}`)
  return n
}
const VAULT = 'team processes vault passphrase'
const ME = 'me-first-admin-1'
const PEOPLE = {
  a: { name: 'Alex', role: 'agent', passphrase: undefined, token: 'laptop-a-token', teamPassphrase: 'alex team passphrase' },
  b: { name: 'Sam', role: 'supervisor', passphrase: 'sam-supervises-42', token: 'laptop-b-token', teamPassphrase: 'sam team passphrase' },
  c: { name: 'Kim', role: 'supervisor', passphrase: 'kim-checks-twice', token: 'laptop-c-token', teamPassphrase: 'kim team passphrase' },
} as const
type Key = keyof typeof PEOPLE

/**
 * The crash harness's markers (src/main/base/crash-point.ts): every laptop dies at each of them once,
 * in its plan's order, one per life (a laptop restarts at once with the next). The occurrence (#n,
 * counted from the laptop's last start) spreads the first over the drafting and deciding; the outbox
 * ones are each laptop's next send. B, offline for a while, dies at its sends before its syncing, so
 * its four sends come while it is online with the others. Below 100 replies there are too few sends
 * for every laptop to die at four, so the plans hold the team's markers only.
 */
const TEAM_POINTS = ['team.recorded', 'team.pushed', 'team.pulled', 'team.applied'] as const
const OUTBOX_POINTS = ['outbox.claimed', 'outbox.marked', 'outbox.posted', 'outbox.teamMarked'] as const
function crashPlan(key: Key): string[] {
  const recorded = `team.recorded#${{ a: Math.max(3, Math.floor(N / 4)), b: Math.max(2, Math.floor(N / 12)), c: Math.max(2, Math.floor(N / 8)) }[key]}`
  const syncing = TEAM_POINTS.slice(1).map((p) => `${p}#2`)
  const sending = N >= 100 ? OUTBOX_POINTS.map((p) => `${p}#1`) : []
  return key === 'b' ? [recorded, ...sending, ...syncing] : [recorded, ...syncing, ...sending]
}
const isTeamPoint = (point: string): boolean => point.startsWith('team.')

interface Approval {
  id: string
  status: string
  body: string
  bodyHash: string
  inReplyTo: string | null
  author: { name: string }
  decidedBy: { name: string } | null
  decisions: { profile: { name: string }; action: string }[]
}
interface Submitted { index: number; id: string; bodyHash: string; body: string; inReplyTo: string }
interface OutboxItem { approvalId: string | null; state: string; body: string; remoteId: string | null; holdReason: string | null; lastError: string | null; attempts: number }
interface Summary { id: number; preview: string; status: string; tags: string[] }
interface TeamStatus { sync: { state: string; unpushed: number }; contested: { outcome: string; message: string | null }[] }
type Decision = 'approve' | 'edit' | 'reject'

const bearer = (r: RecordedRequest): string => String(r.headers.authorization ?? '').replace(/^Bearer /, '')

describe.skipIf(postgresMissing() !== null)('a team of three laptop processes shares one approval queue on PostgreSQL', () => {
  let cluster: PostgresCluster
  let db: string
  let service: TeamServiceProcess
  let proxyB: TcpProxy
  let fake: MastodonFake
  const laptops = {} as Record<Key, LaptopProcess>
  const files = tempDir('parley-team-proc-files-')
  const dirs = { a: tempDir('parley-team-proc-a-'), b: tempDir('parley-team-proc-b-'), c: tempDir('parley-team-proc-c-'), admin: tempDir('parley-team-proc-admin-') }

  beforeAll(async () => {
    cluster = await startPostgres()
    db = await cluster.createDatabase('team_processes')
    // The connection string holds a password: a file readable only by its owner, never argv.
    const dbFile = join(files.dir, 'team-db')
    writeFileSync(dbFile, `${db}\n`, { mode: 0o600 })
    service = await teamServeProcess(dbFile)
    proxyB = await startTcpProxy(service.port)
    // Like a platform without an idempotency key: a resend posts again, so only reconcile-on-takeover keeps a reply single.
    // Mastodon's own limits: 300 requests in 5 minutes per token (one per laptop), 1,500 for the account.
    fake = await startMastodonFake({ ignoreIdempotencyKey: true })
    for (const p of Object.values(PEOPLE)) fake.issueToken(p.token)
  }, 120_000)
  afterAll(async () => {
    await Promise.all(Object.values(laptops).map((l) => l.stop().catch(() => undefined)))
    await service?.stop()
    await proxyB?.close()
    await fake?.close()
    await cluster?.stop()
    for (const d of [...Object.values(dirs), files]) d.cleanup()
  })

  /** The test looks into the team's PostgreSQL directly, as an operator would. */
  async function sql<R extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<R[]> {
    const client = new pg.Client({ connectionString: db })
    await client.connect()
    try {
      return (await client.query<R>(text, values)).rows
    } finally {
      await client.end()
    }
  }

  const file = (name: string, text: string): string => {
    const path = join(files.dir, name)
    writeFileSync(path, `${text}\n`, { mode: 0o600 })
    return path
  }

  /** First run on a fresh laptop: the admin "Me" sets up, connects the account, adds its person, who joins the team. */
  async function setUpLaptop(key: Key, code: string, serverUrl: string): Promise<void> {
    const person = PEOPLE[key]
    const l = await startLaptop(`laptop ${key.toUpperCase()}`, dirs[key].dir, VAULT, {
      crashPlan: crashPlan(key),
      // After a crash the laptop opens with its person's profile locked, as after any restart: they sign in again.
      afterRestart: async (ok) => {
        if ((await ok<{ locked: boolean }>('profiles.current')).locked) await ok('profiles.unlock', { passphrase: person.passphrase })
      },
    })
    laptops[key] = l
    const me = await l.ok<{ id: number }>('profiles.current')
    await l.ok('profiles.setPassphrase', { profileId: me.id, passphrase: ME })
    const policy = await l.ok<Record<string, unknown>>('policy.get')
    // No undo window: an approved reply is due at once, so the laptops race for every send.
    await l.ok('policy.set', { ...policy, undoWindowMs: 0 })
    await l.ok('accounts.add', { platform: 'mastodon', fields: { instance: fake.url, token: person.token } })
    const created = await l.ok<{ id: number }>('profiles.create', { name: person.name, role: person.role, ...(person.passphrase ? { passphrase: person.passphrase } : {}) })
    await l.ok('profiles.switch', { profileId: created.id, ...(person.passphrase ? { passphrase: person.passphrase } : {}) })
    await l.ok('team.join', { serverUrl, code, passphrase: person.teamPassphrase })
  }

  async function allConversations(l: LaptopProcess): Promise<Summary[]> {
    const out: Summary[] = []
    let cursor: string | null = null
    do {
      const page: { items: Summary[]; nextCursor: string | null } = await l.ok('conversations.list', { view: 'inbox', limit: 200, cursor })
      out.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    return out
  }

  /** Each laptop's local ids of the test's conversations (local ids differ per laptop), found once while they are in the inbox. */
  const conversationIds = new Map<LaptopProcess, number[]>()
  async function findConversations(l: LaptopProcess): Promise<number[]> {
    const all = await allConversations(l)
    const found = Array.from({ length: N }, (_, i) => all.find((s) => s.preview.includes(`R-${1000 + i}`))?.id)
    if (found.some((id) => id === undefined)) return []
    conversationIds.set(l, found as number[])
    return found as number[]
  }
  async function approvalsOn(l: LaptopProcess): Promise<Approval[]> {
    const out: Approval[] = []
    for (const conversationId of conversationIds.get(l) ?? []) out.push(...(await l.ok<Approval[]>('approvals.list', { conversationId, status: 'all', limit: 200 })))
    return out
  }
  // Cancelled items (decisions that lost) left out, so N replies fit in one page.
  const outboxOn = (l: LaptopProcess): Promise<OutboxItem[]> => l.ok<OutboxItem[]>('outbox.list', { states: ['queued', 'sending', 'sent', 'failed', 'unconfirmed'], limit: 200 })
  const syncNow = (l: LaptopProcess): Promise<unknown> => l.call('team.syncNow')

  /** The team's shared state as this laptop shows it through the API, by shared ids and names only (local ids differ per laptop). */
  async function sharedState(l: LaptopProcess, ours: Set<string>) {
    const approvals = (await approvalsOn(l))
      .filter((a) => ours.has(a.id))
      .map((a) => ({ id: a.id, status: a.status, body: a.body, bodyHash: a.bodyHash, author: a.author.name, decidedBy: a.decidedBy?.name ?? null, decisions: a.decisions.map((d) => `${d.profile.name} ${d.action}`) }))
      .sort((x, y) => x.id.localeCompare(y.id))
    const outbox = (await outboxOn(l))
      .filter((o) => o.approvalId !== null && ours.has(o.approvalId) && o.state !== 'cancelled')
      .map((o) => ({ approvalId: o.approvalId, state: o.state, body: o.body, remoteId: o.remoteId }))
      .sort((x, y) => x.approvalId!.localeCompare(y.approvalId!))
    // Each conversation's status, tags and messages (count and the newest's text), by the order the test made them in.
    const conversations = []
    for (const id of conversationIds.get(l) ?? []) {
      const { conversation, messages } = await l.ok<{ conversation: Summary; messages: { text: string; direction: string; authorName: string }[] }>('conversations.get', { id })
      // Notes are messages of direction note in the stream, shared like the rest and compared in place: a note
      // falls where its author's laptop stamped it against the sent reply (the platform's time) on every laptop.
      conversations.push({
        status: conversation.status,
        tags: [...conversation.tags].sort(),
        messages: messages.map((m) => (m.direction === 'note' ? `note ${m.authorName}: ${m.text}` : `${m.direction} ${m.text}`)),
        notes: messages.filter((m) => m.direction === 'note').map((m) => `${m.authorName}: ${m.text}`),
      })
    }
    return { approvals, outbox, conversations, hash: createHash('sha256').update(JSON.stringify({ approvals, outbox, conversations })).digest('hex') }
  }

  /** This laptop's requests of ours still pending and its replies of ours not sent yet, by approval id. */
  async function notSentYet(l: LaptopProcess, ours: Set<string>): Promise<string[]> {
    const pending = (await l.ok<Approval[]>('approvals.list', { status: 'pending', limit: 200 })).filter((x) => ours.has(x.id))
    const items = (await outboxOn(l)).filter((o) => o.approvalId !== null && ours.has(o.approvalId) && o.state !== 'sent')
    return [...pending.map((x) => `${x.id.slice(0, 8)} pending`), ...items.map((o) => `${o.approvalId!.slice(0, 8)} ${o.state}`)]
  }

  /** For a failure message: each laptop's replies not sent yet, and the team queue's rows not sent yet. */
  async function unsent(ours: Set<string>): Promise<string> {
    const laptopsNow = await Promise.all(
      (Object.keys(laptops) as Key[]).map(async (k) => {
        const items = await outboxOn(laptops[k]).catch(() => [] as OutboxItem[])
        return [k, items.filter((o) => o.approvalId && ours.has(o.approvalId) && o.state !== 'sent' && o.state !== 'cancelled').map((o) => [o.approvalId!.slice(0, 8), o.state, o.attempts, o.holdReason, o.lastError])]
      }),
    )
    // Whose lease: a lease nobody uses (a claim whose answer was lost, a laptop that died) holds its row until it runs out.
    const team = await sql(
      `SELECT left(o.approval_id::text, 8) AS approval, o.state, m.name AS lease_holder, o.lease_device, o.lease_expires_at > now() AS leased, o.fence
       FROM team_outbox o LEFT JOIN team_members m ON m.team_id = o.team_id AND m.id = o.lease_holder WHERE o.state <> 'sent'`,
    )
    return JSON.stringify({ laptops: Object.fromEntries(laptopsNow), team })
  }

  /**
   * One more reply for `key`'s laptop to send: a new customer's mention, brought in by whichever laptop polls,
   * answered by Alex on A and approved by the supervisor on `key`'s laptop, which queues it before any other.
   */
  async function oneMoreReply(key: 'b' | 'c', tag: string): Promise<{ mention: { id: string }; body: string; tag: string; approvalId: string }> {
    const x = laptops[key]
    const a = laptops.a
    fake.addAccount({ username: `late-${tag}`, displayName: `Late ${tag}` })
    const mention = fake.addMention({ from: `late-${tag}`, text: `One more question about ${tag}?` })
    const idOn = async (l: LaptopProcess) => (await allConversations(l)).find((c) => c.preview.includes(tag))?.id
    const onA = await eventually(`${tag} on A`, async () => {
      for (const l of [a, laptops.b, laptops.c]) {
        await l.call('accounts.pollNow', { id: (await l.ok<{ id: number }[]>('accounts.list'))[0]!.id })
        await syncNow(l)
      }
      return idOn(a)
    }).catch(async (error: unknown) => {
      const seen = await Promise.all([a, laptops.b, laptops.c].map(async (l) => `${l.name}: ${JSON.stringify((await allConversations(l)).filter((c) => c.preview.includes(tag)))} deaths ${JSON.stringify(l.deaths)}`))
      const leases = (await a.ok<{ pollLeases: unknown }>('team.status')).pollLeases
      throw new Error(`${error instanceof Error ? error.message : String(error)}; ${seen.join('; ')}; leases ${JSON.stringify(leases)}; mentions polled ${fake.requests.filter((r) => r.path.startsWith('/api/v1/notifications')).length}`)
    })
    const body = `Good question: ${tag} is answered here.`
    await a.ok('drafts.save', { conversationId: onA, body })
    const approval = await submit(a, onA)
    await syncNow(a)
    const onX = await eventually(`${tag}'s request on ${x.name}`, async () => {
      await syncNow(x)
      const id = await idOn(x)
      return id !== undefined && (await x.ok<Approval[]>('approvals.list', { conversationId: id, status: 'pending', limit: 5 })).length > 0 ? id : null
    })
    conversationIds.get(x)!.push(onX)
    const submittedHere: Submitted = { index: conversationIds.get(x)!.length - 1, id: approval.id, bodyHash: approval.bodyHash, body, inReplyTo: approval.inReplyTo! }
    const decided = await decide(x, submittedHere, 'approve', PEOPLE[key].name)
    if (!decided.ok) {
      const seen = await x.ok<Approval[]>('approvals.list', { conversationId: onX, status: 'all', limit: 5 })
      const me = await x.ok<{ name: string }>('profiles.current')
      const onAList = await a.ok<Approval[]>('approvals.list', { conversationId: onA, status: 'all', limit: 5 })
      const aMe = await a.ok<{ name: string }>('profiles.current')
      throw new Error(`${x.name} approving ${tag} as ${me.name}: ${JSON.stringify(decided.error)}; there: ${JSON.stringify(seen)}; on A (as ${aMe.name}): ${JSON.stringify(onAList)}; deaths: ${JSON.stringify([a.deaths, x.deaths])}`)
    }
    await eventually(`${tag}'s reply posted`, async () => fake.statusesPostedBy('brand').some((p) => p.inReplyToId === mention.id))
    return { mention, body, tag, approvalId: approval.id }
  }

  /** For a failure message: the first rows of each table whose digest differs between laptop `n` and A. */
  function differingRows(d: Record<string, { hash: string }>, onA: Record<string, { hash: string }>, n: number): string {
    const open = (key: Key) => new Database(databaseFile(dirs[key].dir), { readonly: true })
    const [mine, a] = [open((['a', 'b', 'c'] as const)[n]!), open('a')]
    try {
      return Object.keys(d)
        .filter((t) => d[t]!.hash !== onA[t]?.hash)
        .map((t) => {
          const rows = (db: Database.Database) => [...new TeamDigestStore(db).rows(t)].map((r) => JSON.stringify(r))
          const [x, y] = [rows(mine), new Set(rows(a))]
          const onlyHere = x.filter((r) => !y.has(r))
          const onlyOnA = [...y].filter((r) => !x.includes(r))
          return `${t}: ${x.length} rows against ${y.size}; only here ${JSON.stringify(onlyHere.slice(0, 3))}; only on A ${JSON.stringify(onlyOnA.slice(0, 3))}`
        })
        .join('\n')
    } finally {
      mine.close()
      a.close()
    }
  }

  /**
   * One supervisor's decision through the API; a refusal because the team already decided (pulled
   * meanwhile) is kept, not thrown. When the laptop died answering, the supervisor looks first, as a
   * person would: the decision stands if it was made, else it is made again.
   */
  async function decide(l: LaptopProcess, a: Submitted, how: Decision, by: string): Promise<{ ok: boolean; error?: { code?: string; message?: string } }> {
    for (;;) {
      try {
        return how === 'approve'
          ? await l.call('approvals.approve', { approvalId: a.id, bodyHash: a.bodyHash })
          : how === 'edit'
            ? await l.call('approvals.editAndApprove', { approvalId: a.id, bodyHash: a.bodyHash, body: `${a.body} (checked by ${by})` })
            : await l.call('approvals.reject', { approvalId: a.id, note: `Not this one (${by}).` })
      } catch (error) {
        if (!(error instanceof LaptopDied)) throw error
        const now = (await l.ok<Approval[]>('approvals.list', { conversationId: conversationIds.get(l)![a.index]!, status: 'all', limit: 20 })).find((x) => x.id === a.id)
        if (now?.decisions.some((d) => d.profile.name === by)) return { ok: true }
      }
    }
  }

  /** Alex's submit on A; after a death while answering, the request is looked for before submitting again. */
  async function submit(l: LaptopProcess, conversationId: number): Promise<Approval> {
    for (;;) {
      try {
        return (await l.ok<{ approval: Approval }>('approvals.submit', { conversationId })).approval
      } catch (error) {
        if (!(error instanceof LaptopDied)) throw error
        const pending = await l.ok<Approval[]>('approvals.list', { conversationId, status: 'pending', limit: 5 })
        if (pending[0]) return pending[0]
      }
    }
  }

  /** A note; after a death while answering, added again only if the conversation does not show it. */
  async function addNote(l: LaptopProcess, conversationId: number, body: string): Promise<void> {
    for (;;) {
      try {
        await l.ok('notes.add', { conversationId, body })
        return
      } catch (error) {
        if (!(error instanceof LaptopDied)) throw error
        const { messages } = await l.ok<{ messages: { direction: string; text: string }[] }>('conversations.get', { id: conversationId })
        if (messages.some((m) => m.direction === 'note' && m.text === body)) return
      }
    }
  }

  it('drafts on A, conflicting decisions on B and C, B offline, a laptop killed mid-send: each approved reply posted once with its approved text, and the laptops converge', async () => {
    // The team: created by an admin's workspace with the CLI, one invite per person.
    const init = await parleyCli(
      ['team', 'init', '--server', service.url, '--name', 'Brand support', '--passphrase-file', file('pass-admin', 'ada team passphrase'), '--data-dir', dirs.admin.dir, '--vault', 'file', '--device', 'admin-laptop'],
      { PARLEY_VAULT_PASSPHRASE: VAULT },
    )
    expect(init.stderr).toBe('')
    const codes = {} as Record<Key, string>
    for (const key of ['a', 'b', 'c'] as const) {
      const invite = await parleyCli(['team', 'invite', '--role', PEOPLE[key].role, '--name', PEOPLE[key].name, '--data-dir', dirs.admin.dir], { PARLEY_VAULT_PASSPHRASE: VAULT })
      expect(invite.code, invite.stderr).toBe(0)
      codes[key] = invite.stdout.trim()
    }
    const proxied = `http://127.0.0.1:${proxyB.port}`
    await Promise.all([setUpLaptop('a', codes.a, service.url), setUpLaptop('b', codes.b, proxied), setUpLaptop('c', codes.c, service.url)])
    const { a, b, c } = laptops
    const byToken = new Map<string, Key>((Object.keys(PEOPLE) as Key[]).map((k) => [PEOPLE[k].token, k]))

    // New comments from N customers; A polls them and shares them with the team.
    const mentions = Array.from({ length: N }, (_, i) => {
      fake.addAccount({ username: `customer${i}`, displayName: `Customer ${i}` })
      return fake.addMention({ from: `customer${i}`, text: `Where is my order R-${1000 + i}?` })
    })
    const accountA = (await a.ok<{ id: number }[]>('accounts.list'))[0]!
    await a.ok('accounts.pollNow', { id: accountA.id })
    const conversations = await eventually('the new comments on A', async () => ((await findConversations(a)).length ? conversationIds.get(a)! : null))

    // Alex drafts and submits a reply to each on A.
    const submitted: Submitted[] = []
    for (const [i, conversation] of conversations.entries()) {
      const body = `Thanks for waiting: order R-${1000 + i} ships tomorrow.`
      await a.ok('drafts.save', { conversationId: conversation, body })
      const approval = await submit(a, conversation)
      submitted.push({ index: i, id: approval.id, bodyHash: approval.bodyHash, body, inReplyTo: approval.inReplyTo! })
    }
    expect(submitted.map((s) => s.inReplyTo)).toEqual(mentions.map((m) => m.id))
    const ours = new Set(submitted.map((s) => s.id))
    // A few notes, which must reach every laptop like any other shared change.
    for (const conversationId of conversations.slice(0, 3)) await addNote(a, conversationId, 'Customer asked twice (Alex).')
    await syncNow(a)
    for (const l of [b, c]) {
      await eventually(`the ${N} requests on ${l.name}`, async () => {
        await syncNow(l)
        const pending = (await l.ok<Approval[]>('approvals.list', { status: 'pending', limit: 200 })).filter((x) => ours.has(x.id))
        return pending.length === N && (await findConversations(l)).length === N
      })
    }

    const kinds: Decision[] = ['approve', 'edit', 'reject']
    const third = Math.floor(N / 3)
    const g1 = submitted.slice(0, third)
    const g2 = submitted.slice(third, 2 * third)
    const g3 = submitted.slice(2 * third)
    const contestedG2 = g2.slice(0, Math.floor(third / 2))

    // Group 1: Sam on B and Kim on C decide the same requests at the same time, differently.
    await Promise.all([
      (async () => { for (const [i, s] of g1.entries()) await decide(b, s, kinds[i % 3]!, 'Sam') })(),
      (async () => { for (const [i, s] of g1.entries()) await decide(c, s, kinds[(i + 1) % 3]!, 'Kim') })(),
    ])
    await Promise.all([syncNow(b), syncNow(c)])

    // Group 2: B is cut off from the service. Sam decides all of it offline; Kim decides half of it meanwhile.
    await proxyB.setDown(true)
    const cutAt = fake.requests.length
    // A send B was granted a lease for before the cut may still go out under that lease; nothing else may.
    const leasedAtCut = await sql<{ idempotency_key: string }>("SELECT idempotency_key FROM team_outbox WHERE state = 'sending'")
    await Promise.all([
      (async () => {
        for (const [i, s] of g2.entries()) {
          const decided = await decide(b, s, kinds[i % 3]!, 'Sam')
          expect(decided.ok, `Sam's offline ${kinds[i % 3]} of request ${s.index}: ${JSON.stringify(decided.error)}`).toBe(true)
        }
      })(),
      (async () => { for (const [i, s] of contestedG2.entries()) await decide(c, s, kinds[(i + 2) % 3]!, 'Kim') })(),
    ])
    // Group 3: Kim alone, while B is still away.
    for (const [i, s] of g3.entries()) await decide(c, s, i % 4 === 3 ? 'reject' : i % 2 ? 'edit' : 'approve', 'Kim')
    // On a request Kim approved: a note never holds a reply (with 72 replies, one here held it as new activity in the thread).
    await addNote(c, conversationIds.get(c)![2 * third]!, 'Checked with the warehouse (Kim).')
    await syncNow(c)
    await syncNow(b)
    const offline = await b.ok<TeamStatus>('team.status')
    expect(offline.sync.state).toBe('offline')
    expect(offline.sync.unpushed).toBeGreaterThanOrEqual(g2.length)

    // Nothing went out from B while it could not reach the team service: no lease, no send.
    const leased = new Set(leasedAtCut.map((r) => r.idempotency_key))
    expect(fake.requests.slice(cutAt).filter((r) => isPost(r) && bearer(r) === PEOPLE.b.token && !leased.has(String(r.headers['idempotency-key'])))).toEqual([])

    // Sam's offline decisions that nobody else made are still to be sent. The first reply posted
    // after B comes back is a crash between the platform's post and mark-sent: the fake makes the
    // post, then SIGKILLs the laptop that sent it before it can read the answer.
    let killed = null as Key | null
    let killedKey = ''
    fake.fault(isPost, {
      kind: 'tamper',
      edit: (body, req) => {
        killedKey = String(req.headers['idempotency-key'])
        killed = byToken.get(bearer(req)) ?? null
        if (killed) void laptops[killed].kill()
        return body
      },
    })
    // A reply posted twice fails the test at once, whatever else is still to come.
    const postsAnswering = (id: string) => fake.statusesPostedBy('brand').filter((s) => s.inReplyToId === id)
    const postedTwice = (): string[] => mentions.filter((m) => postsAnswering(m.id).length > 1).map((m) => `a reply to "${m.text}"`)
    await proxyB.setDown(false)
    await eventually('a laptop killed between post and mark-sent', async () => {
      if (killed || postedTwice().length > 0) return true
      await syncNow(b)
      throw new Error(await unsent(ours))
    })
    expect(postedTwice()).toEqual([])
    const victim = killed!
    await eventually(`${victim} to die`, async () => laptops[victim].deaths.includes('killed'))
    await laptops[victim].up()
    // The restarted laptop takes its own send lease back (it has not run out), asks Mastodon by the
    // team's key, finds its post and marks the team's row sent: nobody waits two minutes for the lease.

    await eventually('B to share its offline decisions', async () => {
      await syncNow(b)
      return (await b.ok<TeamStatus>('team.status')).sync.unpushed === 0
    })
    // Kim decided those first: Sam's offline decisions lost the compare-and-set and B says so (its status lists the 20 most recent).
    const status = await b.ok<TeamStatus>('team.status')
    expect(status.contested.filter((x) => x.outcome === 'lost' && /already decided by Kim/.test(x.message ?? '')).length).toBeGreaterThanOrEqual(Math.min(contestedG2.length, 20))

    // Until every request is decided and every laptop shows each approved reply sent.
    const states = () => Promise.all([a, b, c].map((l) => sharedState(l, ours)))
    const settled = await eventually(
      'every request decided and every approved reply sent on every laptop',
      async () => {
        await Promise.all([a, b, c].map(syncNow))
        // A cheap look first (two calls a laptop) while replies are still going out: the full state reads every
        // conversation, N calls a laptop, which at N = 200 crowded the laptops' database workers every second.
        const waiting = await Promise.all([a, b, c].map((l) => notSentYet(l, ours)))
        if (waiting.some((w) => w.length > 0) && postedTwice().length === 0) throw new Error(JSON.stringify({ waiting: waiting.map((w) => w.slice(0, 3)) }) + (await unsent(ours)))
        const all = await states()
        const unsettled = all.map((s) => [
          ...s.approvals.filter((x) => x.status === 'pending'),
          ...s.approvals.filter((x) => x.status === 'approved' && !s.outbox.some((o) => o.approvalId === x.id && o.state === 'sent')),
        ])
        if (unsettled.every((u) => u.length === 0) || postedTwice().length > 0) return all
        throw new Error(JSON.stringify({ unsettled: unsettled.map((u) => u.slice(0, 3).map((x) => [x.id.slice(0, 8), x.status])) }) + (await unsent(ours)))
      },
      // Longer than the send lease (2 minutes) with room for a loaded CI machine: a laptop whose claim answer was
      // lost now takes its own lease back on its next pass, but one run at N = 100 still waited about 110 s on
      // something not yet explained (docs/TEAM.md). A reply that never settles or goes out twice fails either way.
      300_000,
      1_000,
    )
    const final = settled[0]!
    // Every approved reply is on the platform exactly once, with exactly the approved text; nothing else was posted.
    expect(postedTwice()).toEqual([])
    const posted = fake.statusesPostedBy('brand').filter((s) => s.inReplyToId !== null && mentions.some((m) => m.id === s.inReplyToId))
    const approved = final.approvals.filter((x) => x.status === 'approved')
    expect(approved.length).toBeGreaterThan(0)
    expect(final.approvals.filter((x) => x.status === 'rejected').length).toBeGreaterThan(0)
    for (const x of approved) {
      const inReplyTo = submitted.find((s) => s.id === x.id)!.inReplyTo
      const replies = postsAnswering(inReplyTo)
      expect(replies, `posts answering ${inReplyTo}`).toHaveLength(1)
      expect(replies[0]!.text.endsWith(x.body), `${replies[0]!.text} ends with ${x.body}`).toBe(true)
    }
    expect(posted).toHaveLength(approved.length)
    // The edited replies went out with the approver's words.
    expect(approved.some((x) => / \(checked by (Sam|Kim)\)$/.test(x.body)), 'an edited reply among the approved').toBe(true)
    // B's offline decisions on requests nobody else decided stood.
    for (const s of g2.slice(contestedG2.length)) expect(final.approvals.find((x) => x.id === s.id)!.decidedBy).toBe('Sam')
    for (const s of contestedG2) expect(final.approvals.find((x) => x.id === s.id)!.decidedBy).toBe('Kim')

    // The three laptops converge on one shared state: requests, decisions, words, hashes, and each reply's outbox state and post.
    const converged = await eventually(
      'the laptops to converge',
      async () => {
        await Promise.all([a, b, c].map(syncNow))
        const all = await states()
        if (all.every((s) => s.hash === all[0]!.hash)) return all[0]!
        const differences = all.slice(1).flatMap((s, n) => [
          ...s.approvals.filter((x, i) => JSON.stringify(x) !== JSON.stringify(all[0]!.approvals[i])).map((x) => ({ laptop: 'BC'[n], approval: x, onA: all[0]!.approvals.find((y) => y.id === x.id) })),
          ...s.outbox.filter((x, i) => JSON.stringify(x) !== JSON.stringify(all[0]!.outbox[i])).map((x) => ({ laptop: 'BC'[n], outbox: x, onA: all[0]!.outbox.find((y) => y.approvalId === x.approvalId) })),
          ...s.conversations.filter((x, i) => JSON.stringify(x) !== JSON.stringify(all[0]!.conversations[i])).map((x) => ({ laptop: 'BC'[n], conversation: x, onA: all[0]!.conversations[s.conversations.indexOf(x)] })),
        ])
        throw new Error(JSON.stringify(differences.slice(0, 4)))
      },
      30_000,
      1_000,
    )
    // The notes (Alex's three on A, Kim's one on C) are in the converged hash above.
    expect(converged.conversations.flatMap((x) => x.notes)).toHaveLength(4)

    // Drafts are per profile: Alex's drafts read the same on every laptop, in every conversation: none where the
    // reply was sent (each laptop ends the draft its sent reply came from, whoever edited it), and Alex's next
    // drafts, saved on A for the rejected requests.
    const rejectedAt = submitted.flatMap((s, i) => (final.approvals.find((x) => x.id === s.id)?.status === 'rejected' ? [i] : []))
    for (const i of rejectedAt) await a.ok('drafts.save', { conversationId: conversationIds.get(a)![i]!, body: `Sorry about that: order R-${1000 + i} ships on Monday.` })
    await syncNow(a)
    // On A, Alex's own laptop, through the app; on B and C (where Alex cannot be chosen) from the workspace's file.
    const alexDrafts = async (l: LaptopProcess): Promise<string> => {
      if (l === a) {
        const drafts = []
        for (const conversationId of conversationIds.get(a)!) drafts.push((await a.ok<{ body: string } | null>('drafts.get', { conversationId }))?.body ?? null)
        return JSON.stringify(drafts)
      }
      const db = new Database(databaseFile(l.dataDir), { readonly: true })
      try {
        const body = db.prepare<[number], { body: string }>("SELECT d.body FROM drafts d JOIN profiles p ON p.id = d.profile_id WHERE p.name = 'Alex' AND d.conversation_id = ?")
        return JSON.stringify(conversationIds.get(l)!.map((id) => body.get(id)?.body ?? null))
      } finally {
        db.close()
      }
    }
    const draftsOnA = await alexDrafts(a)
    expect(JSON.parse(draftsOnA)).toEqual(submitted.map((_, i) => (rejectedAt.includes(i) ? `Sorry about that: order R-${1000 + i} ships on Monday.` : null)))
    for (const l of [b, c]) {
      await eventually(`Alex's drafts on ${l.name}`, async () => {
        await syncNow(l)
        const drafts = await alexDrafts(l)
        if (drafts === draftsOnA) return true
        throw new Error(`${drafts} on ${l.name}, ${draftsOnA} on A`)
      })
    }

    // A laptop whose plan still holds markers when the run's work is done (its syncing or its sends ran out first)
    // gets more: for syncing, each laptop writes a note and all sync; for sending, a new customer asks, Alex answers
    // on A, and that laptop's supervisor approves it, so it queues the reply first and most likely claims it.
    // Notes and replies are shared like the rest (the digests below), and each reply must go out once.
    const left = (key: Key): string[] => crashPlan(key).slice(laptops[key].deaths.filter((d) => d.startsWith('crash point: ')).length)
    const more: { mention: { id: string }; body: string; tag: string; approvalId: string }[] = []
    for (let round = 1; round <= 16; round++) {
      const syncing = (['a', 'b', 'c'] as const).filter((k) => left(k)[0] !== undefined && isTeamPoint(left(k)[0]!))
      const sending = (['b', 'c'] as const).filter((k) => left(k)[0]?.startsWith('outbox.'))
      if (syncing.length === 0 && sending.length === 0) break
      if (syncing.length > 0) {
        for (const key of ['a', 'b', 'c'] as const) await addNote(laptops[key], conversationIds.get(laptops[key])![0]!, `Round ${round} of checks (${PEOPLE[key].name}).`)
        for (const l of [a, b, c, a, b, c]) await syncNow(l)
      }
      for (const key of sending) more.push(await oneMoreReply(key, `T-${round}${key}`))
    }
    if (more.length > 0) {
      await eventually(
        'the extra replies sent on every laptop',
        async () => {
          await Promise.all([a, b, c].map(syncNow))
          const sent = await Promise.all([a, b, c].map(async (l) => (await outboxOn(l)).filter((o) => more.some((m) => m.approvalId === o.approvalId) && o.state === 'sent').length))
          return sent.every((n) => n === more.length)
        },
        180_000,
        1_000,
      )
      for (const m of more) {
        const replies = postsAnswering(m.mention.id)
        expect(replies, `posts answering ${m.tag}`).toHaveLength(1)
        expect(replies[0]!.text.endsWith(m.body), `${replies[0]!.text} ends with ${m.body}`).toBe(true)
      }
      for (const l of [a, b, c, a, b, c]) await syncNow(l)
    }
    // Every laptop died at every crash point of its plan, in order (and the laptop the fake killed, once more).
    for (const key of ['a', 'b', 'c'] as const) {
      const died = laptops[key].deaths.filter((d) => d.startsWith('crash point: ')).map((d) => d.slice('crash point: '.length))
      expect(died, `laptop ${key.toUpperCase()}'s deaths: ${laptops[key].deaths.join(', ')}`).toEqual(crashPlan(key))
    }

    // Every laptop's own audit chain verifies through its API.
    for (const l of [a, b, c]) expect(await l.ok('audit.verify'), `${l.name}'s audit chain`).toMatchObject({ ok: true, firstBroken: null })

    // The reply whose sender died between post and mark-sent was taken over (by the restarted laptop, its own lease, or another), found on the platform, and marked sent.
    const taken = await sql<{ state: string; fence: string }>('SELECT state, fence FROM team_outbox WHERE idempotency_key = $1', [killedKey])
    expect(taken).toHaveLength(1)
    expect(taken[0]!.state).toBe('sent')
    expect(Number(taken[0]!.fence)).toBeGreaterThanOrEqual(2)

    // Every laptop fetches the team's audit chain with its own key and verifies it itself (`parley team
    // status`, on its own workspace once its `parley serve` is stopped), and all three fetched the same chain.
    await Promise.all([a, b, c].map((l) => l.stop()))
    const chains = []
    const digests: Record<string, { rows: number; hash: string }>[] = []
    for (const key of ['a', 'b', 'c'] as const) {
      const run = await parleyCli(['team', 'status', '--json', '--digest', '--data-dir', dirs[key].dir], { PARLEY_VAULT_PASSPHRASE: VAULT })
      expect(run.code, run.stderr).toBe(0)
      const status = JSON.parse(run.stdout) as { auditChain: { ok: boolean; entries: number; head: string } | null; digest: Record<string, { rows: number; hash: string }> }
      expect(status.auditChain, `the team's audit chain as laptop ${key.toUpperCase()} fetched it`).toMatchObject({ ok: true })
      chains.push(status.auditChain!)
      digests.push(status.digest)
    }
    // Every table's shared rows, in team terms (uuids and natural keys), hash alike on the three laptops: the
    // conversations, messages and notes, identities and contacts, drafts, approvals with their decisions, the
    // replies' outbox items, tags and taggings, canned replies, saved views, rules and topics.
    expect(Object.keys(digests[0]!).length).toBeGreaterThanOrEqual(13)
    expect(digests[0]!.messages!.rows).toBeGreaterThan(N)
    for (const [n, d] of digests.entries()) expect(d, `laptop ${'ABC'[n]}'s shared state against A's: ${differingRows(d, digests[0]!, n)}`).toEqual(digests[0])
    expect(chains[0]!.entries).toBeGreaterThan(N)
    expect(chains.map((x) => `${x.entries} ${x.head}`)).toEqual(Array(3).fill(`${chains[0]!.entries} ${chains[0]!.head}`))
    // Drafting, deciding and reading back take time in proportion to N; the wait for the replies to go out stays 300 s.
  }, Math.max(400_000, 3_000 * N))
})
