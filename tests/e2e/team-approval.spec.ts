import { randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page, TestInfo } from '@playwright/test'
import { startMastodonFake, type MastodonFake } from '../../src/main/features/connectors/mastodon/fake-server'
import { TeamService } from '../../src/main/features/team/service'
import { startTeamServer, type RunningTeamServer } from '../../src/main/hosts/team/http'
import { postgresMissing, startPostgres, type PostgresCluster } from '../support/postgres'
import { expect, startParley, stopParley, test, type ParleyServer } from './fixtures'

/**
 * Two people on two laptops approve through the UI: two `parley serve` workspaces joined to one
 * team service on a throwaway PostgreSQL, each holding the Mastodon account with its own token.
 * Alex (agent) drafts and submits in A's page; Sam (supervisor) finds it in Needs approval in B's
 * page after the laptops' sync rounds, approves it; the fake receives it once, with the approved
 * words, and A's page shows it sent. Screenshots of B's approval screen at 1024 and 1440 px go to
 * the test's output folder (and PARLEY_SHOTS when set).
 */
const VAULT = 'e2e team vault passphrase'
const SAM = 'sam-supervises-42'

test.describe('two laptops approve a reply through the UI', () => {
  test.skip(postgresMissing() !== null, postgresMissing() ?? '')
  let cluster: PostgresCluster
  let service: TeamService
  let server: RunningTeamServer
  let fake: MastodonFake
  const laptops: ParleyServer[] = []
  const dirs: string[] = []

  test.beforeAll(async () => {
    cluster = await startPostgres()
    service = await TeamService.open(await cluster.createDatabase('team_approval_e2e'))
    server = await startTeamServer({ service, host: '127.0.0.1', port: 0, allowRemote: false })
    fake = await startMastodonFake()
  })
  test.afterAll(async () => {
    for (const l of laptops) await stopParley(l)
    await server?.close()
    await service?.close()
    await fake?.close()
    await cluster?.stop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  async function api<T>(l: ParleyServer, op: string, input: unknown = {}): Promise<T> {
    const res = await fetch(`${l.origin}/api/call/${op}`, { method: 'POST', body: JSON.stringify(input), headers: { Authorization: `Bearer ${l.token}`, 'Content-Type': 'application/json' } })
    const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } }
    if (!body.ok) throw new Error(`${op}: ${body.error?.message}`)
    return body.value
  }

  /** A laptop's first run as its admin "Me" does it (over the API, which the page's own calls use too): the account, the person, the team. */
  async function laptop(person: { name: string; role: 'agent' | 'supervisor'; passphrase?: string }, token: string, code: string): Promise<ParleyServer> {
    const dir = mkdtempSync(join(tmpdir(), 'parley-e2e-team-approval-'))
    dirs.push(dir)
    const l = await startParley(['--vault', 'file'], dir, { PARLEY_VAULT_PASSPHRASE: VAULT })
    laptops.push(l)
    // No undo window: the approved reply is due at once, and both laptops may race to send it.
    await api(l, 'policy.set', { ...(await api<Record<string, unknown>>(l, 'policy.get')), undoWindowMs: 0 })
    fake.issueToken(token)
    await api(l, 'accounts.add', { platform: 'mastodon', fields: { instance: fake.url, token } })
    const created = await api<{ id: number }>(l, 'profiles.create', { name: person.name, role: person.role, ...(person.passphrase ? { passphrase: person.passphrase } : {}) })
    await api(l, 'profiles.switch', { profileId: created.id, ...(person.passphrase ? { passphrase: person.passphrase } : {}) })
    await api(l, 'team.join', { serverUrl: server.url, code, passphrase: `${person.name} team passphrase` })
    return l
  }

  async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
    await page.screenshot({ path: testInfo.outputPath(`${name}.png`) })
    const dir = process.env.PARLEY_SHOTS
    if (!dir) return
    mkdirSync(dir, { recursive: true })
    await page.screenshot({ path: join(dir, `team-${name}.png`) })
  }

  test('Alex submits on A, Sam approves on B after a sync, the fake receives it once with the approved words, A shows it sent', async ({ page, browser }, testInfo) => {
    test.setTimeout(180_000)
    const { member: admin } = await service.createTeam({ name: 'Brand support', memberId: randomUUID(), memberName: 'Ada', profile: 'ada', key: randomBytes(32) })
    fake.addAccount({ username: 'rider', displayName: 'Rider' })
    const question = fake.addMention({ from: 'rider', text: 'Does the rear rack fit the Commuter 2?' })
    const a = await laptop({ name: 'Alex', role: 'agent' }, 'laptop-a-token', await service.invite(admin, 'agent', 'Alex'))
    const b = await laptop({ name: 'Sam', role: 'supervisor', passphrase: SAM }, 'laptop-b-token', await service.invite(admin, 'supervisor', 'Sam'))

    // A: Alex opens the question and submits a reply.
    await page.goto(a.url)
    await expect(page.getByTestId('profile-switcher')).toContainText('Alex')
    const row = page.getByTestId('conversation-row').filter({ hasText: 'rear rack' })
    await expect(row).toBeVisible({ timeout: 30_000 })
    await row.click()
    const words = `Yes, it fits every Commuter 2 frame; the shop fits it for free (e2e ${Date.now()}).`
    await page.getByTestId('composer').fill(words)
    await expect(page.getByTestId('draft-status')).toHaveText('Saved')
    await expect(page.getByTestId('submit-reply')).toContainText('Submit for approval')
    await page.getByTestId('submit-reply').click()
    await expect(page.getByTestId('reply-state')).toContainText('Waiting for approval')

    // B: Sam, unlocked with his passphrase in this page, waits for the request to arrive with the laptops' sync rounds.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const pageB = await context.newPage()
    await pageB.goto(b.url)
    await expect(pageB.getByTestId('profile-switcher')).toContainText('Sam')
    const locked = await api<{ locked: boolean }>(b, 'profiles.current')
    if (locked.locked) {
      await pageB.getByTestId('profile-switcher').click()
      await pageB.getByTestId('profile-option').filter({ hasText: 'Sam' }).click()
      await pageB.getByTestId('profile-passphrase').fill(SAM)
      await pageB.getByTestId('profile-switch-submit').click()
    }
    await expect(pageB.getByTestId('team-sync')).toHaveText('Team synced', { timeout: 30_000 })
    await pageB.getByTestId('view-needs_approval').click()
    const waiting = pageB.getByTestId('conversation-row').filter({ hasText: 'rear rack' })
    await expect(waiting).toBeVisible({ timeout: 45_000 })
    await waiting.click()
    const card = pageB.getByTestId('approval-card')
    await expect(card).toHaveCount(1)
    await expect(card).toContainText('Alex')
    await expect(card.getByTestId('approval-body')).toContainText(words)
    const approved = (await card.getByTestId('approval-body').textContent()) ?? ''
    await pageB.getByRole('button', { name: 'Dismiss' }).evaluateAll((buttons) => buttons.forEach((x) => (x as unknown as { click(): void }).click()))
    // Alex submitted: nobody is drafting here, so nothing sends Sam looking for a second reply.
    await expect(pageB.getByTestId('presence-note')).toHaveCount(0)
    for (const width of [1440, 1024]) {
      await pageB.setViewportSize({ width, height: width === 1024 ? 700 : 900 })
      // The decision and the question it answers are both in view, neither squeezed under the other.
      await expect(card.getByTestId('approve')).toBeInViewport()
      await expect(pageB.getByTestId('conversation-pane').locator('.messages').getByText('Does the rear rack fit the Commuter 2?')).toBeInViewport({ ratio: 1 })
      await shot(pageB, testInfo, `approval-${width}`)
    }
    await card.getByTestId('approve').click()
    await expect(pageB.getByTestId('approval-card')).toHaveCount(0)

    // The fake receives it once, with exactly the words Sam approved, in reply to the question.
    const replies = () => fake.statusesPostedBy('brand').filter((s) => s.inReplyToId === question.id)
    await expect.poll(() => replies().length, { timeout: 60_000 }).toBe(1)
    expect(replies()[0]!.text).toBe(approved)

    // A learns it went out, from Sam's decision and the team's queue, and shows it sent.
    await expect(page.getByTestId('reply-state')).toContainText('Sent', { timeout: 60_000 })
    // Both laptops have settled the reply as sent: nothing can post it again.
    await expect.poll(async () => (await Promise.all([a, b].map((l) => api<{ approvalId: string | null; state: string }[]>(l, 'outbox.list')))).map((items) => items.filter((i) => i.approvalId).map((i) => i.state)), { timeout: 60_000 }).toEqual([['sent'], ['sent']])
    expect(replies()).toHaveLength(1)
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses')).toHaveLength(1)
    await context.close()
  })
})
