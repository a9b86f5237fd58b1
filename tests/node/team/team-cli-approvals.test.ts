import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMastodonFake, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import type { Approval } from '../../../src/shared/contract'
import { postgresMissing } from '../../support/postgres'
import { setUpCliLaptop, startCliTeam, type CliLaptopPerson, type CliTeam } from '../../support/team-cli-laptops'

/**
 * Two people on two laptops run the approval workflow with the CLI only, against a real PostgreSQL
 * through `parley team serve`, the reply going to the Mastodon fake: Alex (agent) writes and submits
 * on A, Sam (supervisor) lists and approves on B, the reply is posted once with exactly the approved
 * words, and Kim (supervisor, on C), deciding late, is told who decided first.
 */
const PEOPLE = {
  a: { name: 'Alex', role: 'agent', token: 'laptop-a-token' },
  b: { name: 'Sam', role: 'supervisor', passphrase: 'sam-supervises-42', token: 'laptop-b-token' },
  c: { name: 'Kim', role: 'supervisor', passphrase: 'kim-checks-twice', token: 'laptop-c-token' },
} as const satisfies Record<string, CliLaptopPerson>

describe.skipIf(postgresMissing() !== null)('two people approve a reply on two laptops with the CLI, on PostgreSQL', () => {
  let team: CliTeam
  let fake: MastodonFake
  const dirs = { a: '', b: '', c: '' }

  beforeAll(async () => {
    team = await startCliTeam('team_cli_approvals')
    fake = await startMastodonFake()
    for (const p of Object.values(PEOPLE)) fake.issueToken(p.token)
    const codes = await team.invite(Object.values(PEOPLE))
    dirs.a = await setUpCliLaptop(team, PEOPLE.a, codes[0]!, fake.url, 'laptop-a')
    dirs.b = await setUpCliLaptop(team, PEOPLE.b, codes[1]!, fake.url, 'laptop-b')
    dirs.c = await setUpCliLaptop(team, PEOPLE.c, codes[2]!, fake.url, 'laptop-c')
  }, 180_000)
  afterAll(async () => {
    await fake?.close()
    await team?.stop()
  })

  const on = async (laptop: keyof typeof dirs, ...args: string[]) => team.parley([...args, '--data-dir', dirs[laptop]])
  const ok = async (laptop: keyof typeof dirs, ...args: string[]): Promise<string> => {
    const run = await on(laptop, ...args)
    if (run.code !== 0) throw new Error(`parley ${args.join(' ')} on ${laptop} exited ${run.code}: ${run.stderr}`)
    return run.stdout
  }
  const pending = async (laptop: keyof typeof dirs): Promise<Approval[]> => JSON.parse(await ok(laptop, 'approvals', 'list', '--json')) as Approval[]

  it('Alex submits on A, Sam approves on B, the reply goes out once with the approved words; Kim, late, hears "already decided by Sam"', async () => {
    fake.addAccount({ username: 'rider', displayName: 'Rider' })
    const question = fake.addMention({ from: 'rider', text: 'Does the winter tyre fit the Commuter 2?' })
    expect(await ok('a', 'sync', '--once')).toMatch(/fetched/)
    const inbox = JSON.parse(await ok('a', 'inbox', 'list', '--json')) as { id: number; preview: string }[]
    const conversation = inbox.find((c) => c.preview.includes('winter tyre'))!
    expect(conversation).toBeDefined()

    // Alex writes on A; the words come from a file, line breaks and all.
    const words = 'Yes, it fits.\nThe shop swaps it for free.'
    const submit = await ok('a', 'reply', String(conversation.id), '--as', 'Alex', '--text-file', team.file('reply.txt', `${words}\n`))
    const id = /request ([0-9a-f-]{36}) waits in Needs approval/.exec(submit)![1]!
    expect(submit).toMatch(/\nShared with the team\.\n$/)

    // Every laptop syncs; B and C see the request in their queue with Alex's words (and the mention Mastodon needs).
    for (const l of ['a', 'b', 'c'] as const) await ok(l, 'team', 'sync', '--once')
    const [onB] = await pending('b')
    expect(onB).toMatchObject({ id, author: { name: 'Alex' }, status: 'pending' })
    expect(onB!.body).toContain(words)
    expect((await pending('c')).map((x) => x.id)).toEqual([id])
    expect(await ok('b', 'approvals', 'list', '--as', 'Sam')).toContain(`${id}  conversation #`)
    const approved = onB!.body

    // Sam approves on B with his passphrase from a file; the decision is shared at once.
    const sam = team.file('sam', `${PEOPLE.b.passphrase}\n`)
    const approve = await ok('b', 'approvals', 'approve', id.slice(0, 8), '--as', 'Sam', '--passphrase-file', sam)
    expect(approve).toMatch(/^Approved by Sam\. .*\nShared with the team\.\n$/s)

    // B syncs and sends under the team's lease.
    expect(await ok('b', 'team', 'sync', '--once')).toMatch(/\n1 approved reply is now sent\.\n$/)

    // Kim on C decides late and offline: it is taken here, then the team answers who decided first.
    const kim = team.file('kim', `${PEOPLE.c.passphrase}\n`)
    expect(await ok('c', 'approvals', 'reject', id, '--as', 'Kim', '--passphrase-file', kim, '--note', 'Not this tone.', '--offline')).toBe('Rejected by Kim; Alex sees the note.\n')
    const lost = await on('c', 'team', 'sync', '--once')
    expect(lost.code).toBe(0)
    expect(lost.stderr).toContain('approvals.reject: already decided by Sam (approved)')
    // C takes the team's decision instead, and finds the reply already out: it posts nothing.
    expect(lost.stdout).toMatch(/\n1 approved reply is now sent\.\n$/)
    // Kim again, online: the request is settled and C says by whom.
    const again = await on('c', 'approvals', 'reject', id, '--as', 'Kim', '--passphrase-file', kim, '--note', 'Still not.')
    expect(again.code).toBe(1)
    expect(again.stderr).toBe('Not rejected: this reply was already decided by Sam (approved). Nothing was changed.\n')

    // A learns it went out; a second round everywhere has nothing left to send.
    expect(await ok('a', 'team', 'sync', '--once')).toMatch(/\n1 approved reply is now sent\.\n$/)
    for (const l of ['a', 'b', 'c'] as const) expect(await ok(l, 'team', 'sync', '--once')).toMatch(/^Shared \d+ changes?, received \d+; the team log is at \d+\.\n$/)
    const replies = fake.statusesPostedBy('brand').filter((s) => s.inReplyToId === question.id)
    expect(replies.map((s) => s.text)).toEqual([approved])
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses')
    expect(posts.map((r) => String(r.headers.authorization))).toEqual([`Bearer ${PEOPLE.b.token}`])

    // A shows the reply sent, with the platform's id, and the request approved by Sam.
    const shown = await ok('a', 'approvals', 'show', id)
    expect(shown).toContain(`by Alex: already decided by Sam (approved).`)
    expect(shown).toMatch(/Sam approved\nThe reply: sent \(.+\)\.\n$/)
    expect(shown).not.toMatch(/Kim/)
  }, 300_000)
})
