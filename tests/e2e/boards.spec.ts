import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { APIRequestContext, Page } from '@playwright/test'
import { startDiscourseFake, type DiscourseFake } from '../../src/main/features/connectors/discourse/fake-server'
import { startSlackFake, type SlackFake } from '../../src/main/features/connectors/slack/fake-server'
import { callApi, expect, startParley, stopParley, test, type ParleyServer } from './fixtures'

/**
 * A forum and a chat workspace in browser mode: the account is connected in the Channels dialog (the
 * forum with "Sign in with the forum": the User API Key flow through the loopback, the fake forum
 * encrypting the key for the public key Parley sent), its threads show in the inbox, an agent triages
 * and answers one, a supervisor approves, and the platform receives exactly the approved words once;
 * on the forum a rule flags spam and silences its author through the outbox; in the chat workspace a
 * rule deletes spam the user token's search found in a channel the bot is not in.
 */
interface Started {
  close(): Promise<void>
  platform: string
  /** Fills the "Add account" dialog and connects. */
  connect(page: Page): Promise<void>
  author: RegExp
  posted(): string[]
  /** `forum` is the Discourse fake, for the moderation part. */
  forum: DiscourseFake | null
  slack: SlackFake | null
}

interface Board {
  label: string
  start(): Promise<Started>
}

const boards: Board[] = [
  {
    label: 'Discourse',
    async start() {
      const fake: DiscourseFake = await startDiscourseFake()
      return {
        forum: fake,
        slack: null,
        close: () => fake.close(),
        platform: 'discourse',
        async connect(page) {
          await page.getByTestId('platform-discourse').click()
          await page.getByTestId('field-url').fill(fake.url)
          // The button opens the forum's approval page; the fake approves at once and redirects to the loopback.
          const popupOpened = page.waitForEvent('popup')
          await page.getByTestId('oauth-start').click()
          const popup = await popupOpened
          await popup.waitForLoadState()
          await expect(popup).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?state=[^&]+&payload=/)
          await expect(popup.locator('body')).toContainText('Parley is now connected to Lumen Bikes')
          await popup.close()
          await expect(page.getByTestId('add-account-form')).toBeHidden()
          expect(fake.userApiKeys.size).toBe(1)
        },
        author: /Marco Rossi/,
        posted: () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/posts.json').map((r) => (JSON.parse(r.body) as { raw: string }).raw),
      }
    },
  },
  {
    label: 'Slack',
    async start() {
      const fake: SlackFake = await startSlackFake()
      return {
        forum: null,
        slack: fake,
        close: () => fake.close(),
        platform: 'slack',
        async connect(page) {
          await page.getByTestId('platform-slack').click()
          await page.getByTestId('field-botToken').fill(fake.token)
          await page.locator('details.advanced summary').click()
          // The optional user token: search finds the brand in #random, where the bot is not, and an admin's token deletes there.
          await page.getByTestId('field-userToken').fill(fake.userToken)
          await page.getByTestId('field-searchTerms').fill('Lumen')
          await page.getByTestId('field-apiBase').fill(fake.apiBase)
          await page.getByTestId('connect-submit').click()
          await expect(page.getByTestId('add-account-form')).toBeHidden()
        },
        author: /Chloé/,
        posted: () => fake.requests.filter((r) => r.path === '/api/chat.postMessage').map((r) => new URLSearchParams(r.body).get('text') ?? ''),
      }
    },
  },
]

async function switchTo(page: Page, name: string, passphrase?: string): Promise<void> {
  await page.getByTestId('profile-switcher').click()
  await page.getByTestId('profile-option').filter({ hasText: name }).click()
  if (passphrase) {
    await page.getByTestId('profile-passphrase').fill(passphrase)
    await page.getByTestId('profile-switch-submit').click()
  }
  await expect(page.getByTestId('profile-switcher')).toContainText(name)
}

for (const board of boards) {
  test.describe(`${board.label} in browser mode`, () => {
    let fake: Awaited<ReturnType<Board['start']>>
    let parley: ParleyServer
    let dataDir = ''
    test.beforeEach(async () => {
      fake = await board.start()
      dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-board-'))
      parley = await startParley(['--vault', 'file'], dataDir, { PARLEY_VAULT_PASSPHRASE: 'e2e passphrase' })
    })
    test.afterEach(async () => {
      await stopParley(parley)
      await fake.close()
      rmSync(dataDir, { recursive: true, force: true })
    })
    const call = <T>(request: APIRequestContext, op: string, data: unknown): Promise<T> => callApi<T>(request, parley, op, data)

    test('connect, triage, answer through approval exactly once, moderate by a rule', async ({ page }) => {
      const policy = await call<Record<string, unknown>>(page.request, 'policy.get', {})
      await call(page.request, 'policy.set', { ...policy, undoWindowMs: 1000 })
      await call(page.request, 'profiles.create', { name: 'Alex', role: 'agent' })
      await call(page.request, 'profiles.create', { name: 'Mira', role: 'supervisor', passphrase: 'mira passphrase 1' })
      if (fake.slack) {
        // Made before connecting, so the first search meets it.
        const rule = await call<{ id: number }>(page.request, 'rules.save', { name: 'Watch spam', conditions: { text: 'watches' }, actions: [{ type: 'delete' }] })
        await call(page.request, 'rules.setEnabled', { id: rule.id, enabled: true })
      }
      await page.goto(parley.url)
      await page.getByRole('button', { name: /Connect a channel/ }).click()
      await fake.connect(page)
      const account = (await call<{ id: number; platform: string }[]>(page.request, 'accounts.list', {})).find((a) => a.platform === fake.platform)
      expect(account).toBeDefined()
      await page.reload()
      await expect(page.getByTestId('view-inbox')).toBeVisible()

      await switchTo(page, 'Alex')
      await page.getByTestId('view-inbox').click()
      const row = page.getByTestId('conversation-row').filter({ hasText: fake.author }).first()
      await expect(row).toBeVisible({ timeout: 30_000 })
      await row.click()
      // Triage: tag it and take it.
      await expect(page.getByTestId('triage-toolbar')).toBeVisible()
      await page.getByTestId('tb-tag').click()
      await page.keyboard.type('community')
      await page.keyboard.press('Enter')
      await expect(page.getByTestId('triage-toolbar').getByTestId('tag-chip')).toHaveText(/community/)
      await page.getByTestId('tb-assign').click()
      await page.keyboard.type('Me')
      await page.keyboard.press('Enter')
      await expect(page.getByTestId('assignee')).toHaveText('Me')
      const words = `Thanks for asking, it ships Monday 🚲 (e2e ${Date.now()})`
      await page.getByTestId('composer').fill(words)
      await expect(page.getByTestId('draft-status')).toHaveText('Saved')
      await page.getByTestId('submit-reply').click()
      await expect(page.getByTestId('reply-state')).toContainText('Waiting for approval')

      await switchTo(page, 'Mira', 'mira passphrase 1')
      await page.getByTestId('view-needs_approval').click()
      await page.getByTestId('conversation-row').first().click()
      const card = page.getByTestId('approval-card')
      await expect(card.getByTestId('approval-body')).toHaveText(words)
      await card.getByTestId('approve').click()
      await expect(page.getByTestId('approval-card')).toHaveCount(0)
      await page.getByTestId('nav-outbox').click()
      await expect(page.getByTestId('outbox-item').first()).toHaveAttribute('data-state', 'sent', { timeout: 30_000 })
      expect(fake.posted()).toEqual([words])

      const slack = fake.slack
      if (slack) {
        // The rule's delete went through the outbox: the bot may not delete Ana's message, the admin's user token does.
        const spam = slack.state.messages.find((m) => m.text.startsWith('Cheap watches'))!
        await expect.poll(() => spam.deleted === true, { timeout: 30_000 }).toBe(true)
        expect(slack.requests.filter((r) => r.path === '/api/chat.delete').map((r) => r.headers.authorization)).toEqual([`Bearer ${slack.token}`, `Bearer ${slack.userToken}`])
        expect(fake.posted()).toEqual([words])
      }
      const discourse = fake.forum
      if (discourse) {
        // Moderation by a rule: spam flagged and its author silenced at the forum, through the outbox.
        const rule = await call<{ id: number }>(page.request, 'rules.save', { name: 'Watch spam', conditions: { text: 'watches' }, actions: [{ type: 'spam' }, { type: 'block' }] })
        await call(page.request, 'rules.setEnabled', { id: rule.id, enabled: true })
        const topic = [...discourse.state.topics.values()].find((t) => t.title.startsWith('Gears'))!
        const spam = discourse.addPost({ from: discourse.cast.spammer, topic, raw: 'Cheap watches, best prices, buy now at our shop!' })
        await call(page.request, 'accounts.pollNow', { id: account!.id })
        await page.getByTestId('nav-outbox').click()
        await expect.poll(() => discourse.state.flags.filter((f) => f.postId === spam.id && f.userId === discourse.brand.id).length, { timeout: 30_000 }).toBe(1)
        await expect.poll(() => discourse.cast.spammer.silencedTill, { timeout: 30_000 }).not.toBeNull()
      }
    })
  })
}
