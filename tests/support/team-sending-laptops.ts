import { randomBytes, randomUUID } from 'node:crypto'
import { afterEach, beforeEach } from 'vitest'
import { startMastodonFake, type FakeStatus, type MastodonFake } from '../../src/main/features/connectors/mastodon/fake-server'
import type { TeamService } from '../../src/main/features/team/service'
import type { RecordedRequest } from '../../src/main/features/connectors/testing/fake-http'
import type { MemberRow } from '../../src/main/store/team-postgres/members'
import { addPeople, openApprovalCore, PASSPHRASES, type People } from './approval-workspace'
import type { SuiteTeamServer } from './team-server'
import { tempDir } from './workspace'

type Ws = ReturnType<typeof openApprovalCore>

/** A laptop of the team in this test process: its own workspace, joined as one member, holding the Mastodon account's token. */
export interface SendingLaptop extends Ws {
  people: People
  accountId: number
  /** The Mastodon token this laptop holds (requests carry it, so the fake tells laptops apart when each has its own). */
  token: string
  cleanup(): Promise<void>
}

export interface SendingLaptopOptions {
  /** The shipped outbox options (a fresh read of the account before a reply's first try) instead of none. */
  shippedOutbox?: boolean
  /** A token of its own, issued by the fake, instead of the fake's one token. */
  ownToken?: string
}

export interface SendingTeam {
  service: TeamService
  serverUrl: string
  admin: MemberRow
  fake: MastodonFake
}

/**
 * A workspace with Me, Alex, Sam and Kim, joined to the team as `member` on `device`, connected to the
 * Mastodon fake, and switched to that member's profile (no fresh read before a send unless
 * `shippedOutbox`: the tests poll).
 */
export async function sendingLaptop(team: SendingTeam, member: 'Alex' | 'Sam' | 'Kim', role: 'agent' | 'supervisor', device: string, options: SendingLaptopOptions = {}): Promise<SendingLaptop> {
  const t = tempDir(`parley-team-send-${device}-`)
  const ws = openApprovalCore(t.dir, options.shippedOutbox ? {} : { config: { outbox: { refreshBeforeSend: false } } })
  const people = await addPeople(ws.ok)
  await ws.core.team.join({ serverUrl: team.serverUrl, code: await team.service.invite(team.admin, role, member), profile: member, passphrase: `${member} passphrase`, device })
  const token = options.ownToken ? team.fake.issueToken(options.ownToken) : team.fake.token
  const account = await ws.core.accounts.add('mastodon', { instance: team.fake.url, token })
  const profileId = member === 'Sam' ? people.sam : member === 'Kim' ? people.kim : people.alex
  await ws.ok('profiles.switch', { profileId, passphrase: member === 'Sam' ? PASSPHRASES.sam : member === 'Kim' ? PASSPHRASES.kim : undefined })
  return {
    ...ws,
    people,
    accountId: account.id,
    token,
    cleanup: async () => {
      await ws.client.close()
      t.cleanup()
    },
  }
}

/** Per test: a fresh Mastodon fake, a new team on the suite's service with Ada as its admin, and its laptops. */
export interface SendingTeamForEach {
  readonly fake: MastodonFake
  readonly admin: MemberRow
  /** The customer's post the tests answer (hanako's first, until a test answers a later one). */
  target: FakeStatus
  /** A laptop of this test's team (sendingLaptop), closed after the test. */
  laptop(member: 'Alex' | 'Sam' | 'Kim', role: 'agent' | 'supervisor', device: string, options?: SendingLaptopOptions): Promise<SendingLaptop>
}

/** Registers the calling describe block's beforeEach (fake, team) and afterEach (laptops closed, fake stopped). */
export function sendingTeamForEach(suite: SuiteTeamServer): SendingTeamForEach {
  let fake: MastodonFake | undefined
  let admin: MemberRow | undefined
  let target: FakeStatus | undefined
  const made: SendingLaptop[] = []
  beforeEach(async () => {
    fake = await startMastodonFake()
    target = fake.statusesPostedBy('hanako')[0]!
    admin = (await suite.service.createTeam({ name: 'Brand support', memberId: randomUUID(), memberName: 'Ada', profile: 'ada', key: randomBytes(32) })).member
  })
  afterEach(async () => {
    // A test may have closed one itself already.
    await Promise.all(made.splice(0).map((l) => l.cleanup().catch(() => undefined)))
    await fake?.close()
  })
  return {
    get fake() {
      return fake!
    },
    get admin() {
      return admin!
    },
    get target() {
      return target!
    },
    set target(post: FakeStatus) {
      target = post
    },
    async laptop(member, role, device, options) {
      const l = await sendingLaptop({ service: suite.service, serverUrl: suite.server.url, admin: admin!, fake: fake! }, member, role, device, options)
      made.push(l)
      return l
    },
  }
}

/** A reply posted to the Mastodon fake (what the tests count to see a reply went out once). */
export const isPost = (r: RecordedRequest): boolean => r.method === 'POST' && r.path === '/api/v1/statuses'
