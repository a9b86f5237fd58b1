import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../../src/main/base/clock'
import { openVault } from '../../../src/main/features/vault/open-vault'
import { startTeamServer, type RunningTeamServer } from '../../../src/main/hosts/team/http'
import { inProcessCore } from '../../../src/main/hosts/worker/in-process'
import type { TeamOp } from '../../../src/main/model/team-op'
import type { MemberRow } from '../../../src/main/store/team-postgres/members'
import { accountKey } from '../../../src/main/store/team-entities'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { hlcAt, openTestTeam, type TestTeam } from '../../support/team-store'
import { tempDir, typed } from '../../support/workspace'

const accounts = ['north', 'south'].map((name) => ({ platform: 'mastodon', displayName: `Lumen ${name}`, handle: `@${name}@catchup.example`, baseUrl: 'https://catchup.example' }))

/** A week away, in small: inbound items of two accounts (runs of each), status changes and notes, as laptops record them. */
function backlog(member: MemberRow, total: number): { ops: TeamOp[]; items: number; conversations: Set<string> } {
  const ops: TeamOp[] = []
  const conversations: { id: string; account: string; key: string }[] = []
  let items = 0
  for (let n = 0; ops.length < total; n++) {
    const account = accounts[Math.floor(n / 40) % 2]!
    const make = (operation: string, input: unknown): TeamOp => ({ id: randomUUID(), hlc: hlcAt(2_000_000 + n), profile: member.profile, operation, input, entities: [], baseSeq: 0 })
    if (n % 10 < 8 || conversations.length === 0) {
      if (n % 4 === 0 || conversations.length === 0 || conversations.at(-1)!.account !== accountKey(account)) conversations.push({ id: randomUUID(), account: accountKey(account), key: `thread-${n}` })
      const conversation = conversations.at(-1)!
      const remoteId = `r-${n}`
      const item = {
        remoteId, conversationKey: conversation.key, parentRemoteId: null, kind: 'mention', direction: 'in',
        author: { remoteId: `p-${n % 13}`, handle: `@p${n % 13}@elsewhere.example`, displayName: `Person ${n % 13}`, avatarUrl: null, profileUrl: null },
        text: `Question ${n} about an order.`, html: null, createdAt: 1_700_000_000_000 + n * 1_000, permalink: null, subject: null, isContext: false, deleted: false,
      }
      ops.push(make('items.ingest', { itemId: randomUUID(), conversation, account, item, channelAccount: conversation.account, remoteId }))
      items++
    } else if (n % 10 === 8) {
      const c = conversations[n % conversations.length]!
      ops.push(make('conversations.setStatus', { conversationIds: [c.id], conversations: [c], status: 'done', snoozeUntil: null }))
    } else {
      const c = conversations[n % conversations.length]!
      ops.push(make('notes.add', { noteId: randomUUID(), conversationId: c.id, conversation: c, body: `Checked thread ${c.key}.` }))
    }
  }
  return { ops, items, conversations: new Set(conversations.map((c) => c.id)) }
}

/** A laptop back after a week applies the team's backlog in slices, items of one account in one ingest call, answering calls meanwhile. */
describe.skipIf(postgresMissing() !== null)('catching up with the team', () => {
  let cluster: PostgresCluster
  let team: TestTeam
  let server: RunningTeamServer
  const away = tempDir('parley-team-catchup-')

  beforeAll(async () => {
    cluster = await startPostgres()
    team = await openTestTeam(cluster, 'catchup')
    server = await startTeamServer({ service: team.service, host: '127.0.0.1', port: 0, allowRemote: false, log: () => undefined })
  })
  afterAll(async () => {
    await server?.close()
    await team?.service.close()
    await cluster?.stop()
    away.cleanup()
  })

  it('applies everything, ingesting runs of items together, and list calls answer while it runs', async () => {
    const core = inProcessCore({ dataDir: away.dir, version: '0.0.0-test', clock: systemClock, vault: openVault({ kind: 'file', dataDir: away.dir, passphrase: 'catch-up vault' }) })
    try {
      const code = await team.service.invite(team.admin, 'supervisor', 'Away')
      await core.core.team.join({ serverUrl: server.url, code, profile: core.core.profiles.currentProfile().name, passphrase: 'away pass' })
      const bea = await team.join('Bea', 'agent')
      const { ops, items, conversations } = backlog(bea, 3_000)
      // One item without content: it alone is kept with its reason, the items around it still apply.
      const broken = ops.findIndex((o, i) => i > 100 && o.operation === 'items.ingest')
      const brokenInput = ops[broken]!.input as Record<string, unknown>
      ops[broken] = { ...ops[broken]!, input: { ...brokenInput, item: undefined } }
      for (let at = 0; at < ops.length; at += 500) await team.service.push(bea, ops.slice(at, at + 500))

      const ingest = core.core.stores.ingest
      const real = ingest.ingest.bind(ingest)
      let ingestCalls = 0
      ingest.ingest = (accountId, batch) => {
        ingestCalls++
        return real(accountId, batch)
      }
      const appliedNow = () => (core.core.db.prepare('SELECT count(*) AS n FROM team_op_log WHERE applied_at IS NOT NULL').get() as { n: number }).n
      // The window: a list call every few ms while the laptop catches up, noting how far the catch-up was when it answered.
      const seen: number[] = []
      let syncing = true
      const window = (async () => {
        while (syncing) {
          const listed = await typed(core)('conversations.list', { view: 'inbox', limit: 50 })
          expect(listed.ok).toBe(true)
          seen.push(appliedNow())
          await new Promise((r) => setTimeout(r, 5))
        }
      })()
      const report = await core.core.team.syncOnce()
      syncing = false
      await window

      expect(report.pulled).toBe(ops.length)
      expect(report.applied).toBe(ops.length)
      // Calls were answered part-way through applying, not only before or after it.
      expect(seen.some((n) => n > 0 && n < ops.length)).toBe(true)
      // Runs of one account's items went in together: far fewer ingest calls than items.
      expect(ingestCalls).toBeLessThan(items / 3)

      const db = core.core.db
      expect((db.prepare('SELECT count(*) AS n FROM messages WHERE direction = ?').get('in') as { n: number }).n).toBe(items - 1)
      const problems = core.core.team.status().applyProblems
      expect(problems).toEqual([{ operation: 'items.ingest', problem: 'The shared item carries no content.' }])
      // Every conversation took the team's uuid, so the status changes and notes naming them applied.
      const uuids = new Set((db.prepare('SELECT uuid FROM conversations').all() as { uuid: string }[]).map((r) => r.uuid))
      for (const id of conversations) expect(uuids.has(id)).toBe(true)
      const notes = ops.filter((o) => o.operation === 'notes.add').length
      expect((db.prepare("SELECT count(*) AS n FROM messages WHERE direction = 'note'").get() as { n: number }).n).toBe(notes)
      expect((db.prepare("SELECT count(*) AS n FROM conversations WHERE status = 'done'").get() as { n: number }).n).toBeGreaterThan(0)
      // Applied as the member who made them: the change log names Bea's local profile.
      const beaProfile = db.prepare("SELECT uid FROM profiles WHERE name = 'Bea'").get() as { uid: string } | undefined
      expect(beaProfile).toBeDefined()
      const stamped = db.prepare("SELECT DISTINCT profile_uid FROM change_log WHERE entity = 'message'").all() as { profile_uid: string }[]
      expect(stamped.map((r) => r.profile_uid)).toEqual([beaProfile!.uid])
    } finally {
      await core.close()
    }
  })
})
