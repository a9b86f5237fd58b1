import type { MastodonFake } from '../../src/main/features/connectors/mastodon/fake-server'
import type { TeamService } from '../../src/main/features/team/service'
import type { MemberRow } from '../../src/main/store/team-postgres/members'
import { addPeople, openApprovalCore, PASSPHRASES, type People } from './approval-workspace'
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
