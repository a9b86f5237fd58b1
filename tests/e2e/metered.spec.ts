import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { APIRequestContext, Page } from '@playwright/test'
import { FAKE_REDDIT_CLIENT_ID, REDDIT_CAST, startRedditFake } from '../../src/main/features/connectors/reddit/fake-server'
import { FAKE_X_CLIENT_ID, startXFake, X_CAST } from '../../src/main/features/connectors/x/fake-server'
import { FAKE_YT_CLIENT_ID, FAKE_YT_CLIENT_SECRET, startYouTubeFake, YT_CAST } from '../../src/main/features/connectors/youtube/fake-server'
import { ADMIN_PASSPHRASE, callApi, expect, startParley, stopParley, test, type ParleyServer } from './fixtures'

/**
 * The metered platforms in browser mode, each against its fake: sign in with the person's own OAuth
 * client (the fake's authorization page, the loopback redirect), see the budget on sync health, answer
 * a comment through approval (an agent writes, the admin approves) so it is posted exactly once, and
 * let a rule moderate the spam at the platform.
 */
interface Platform {
  id: 'youtube' | 'x' | 'reddit'
  /** What the account card shows once connected. */
  card: string
  /** The conversation the agent answers, as its row in the list reads. */
  question: string
  start(): Promise<{
    close(): Promise<void>
    /** Everything the add dialog asks, by field name (apiBase points it at the fake). */
    fields: Record<string, string>
    /** How many times the platform holds the brand's post with exactly these words. */
    posted(words: string): number
    /** Whether the platform took the spam down (once), and nothing else. */
    moderated(): boolean
  }>
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

const platforms: Platform[] = [
  {
    id: 'youtube',
    card: 'Lumen Bikes',
    question: 'The brake levers look great. Are they hydraulic?',
    async start() {
      const fake = await startYouTubeFake()
      return {
        close: () => fake.close(),
        fields: { clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: fake.url },
        posted: (words) => fake.state.postedBy(fake.state.brand.id).filter((c) => c.text === words).length,
        moderated: () => {
          const spam = fake.state.postedBy(YT_CAST.spammer.id)[0]!
          return fake.state.moderation.length === 1 && fake.state.moderation[0]!.id === spam.id && fake.state.moderation[0]!.status === 'rejected'
        },
      }
    },
  },
  {
    id: 'x',
    card: 'Lumen Bikes',
    // The launch thread: its newest reply, deeper than the mention.
    question: 'Following this, I need a small one too',
    async start() {
      // X accepts only the callback registered with the app, exactly: the fake is told which one, the dialog gets its port.
      const port = await freePort()
      const fake = await startXFake({ redirectUri: `http://127.0.0.1:${port}/callback` })
      // Spam under another of the brand's posts, where X lets the brand hide replies.
      const service = fake.state.addPost({ author: fake.state.brand, text: 'Spring service week: book a free check-up.', at: Date.now() - 90 * 60_000 })
      const spam = fake.state.addPost({ author: X_CAST.spammer, text: 'replica watches, 90% off at cheap-watches.example', replyTo: service.id })
      return {
        close: () => fake.close(),
        fields: { clientId: FAKE_X_CLIENT_ID, redirectPort: String(port), apiBase: fake.url },
        posted: (words) => fake.state.postsBy(fake.state.brand.id).filter((p) => p.text === words).length,
        moderated: () => fake.state.posts.get(spam.id)!.hidden && fake.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/hidden')).length === 1,
      }
    },
  },
  {
    id: 'reddit',
    card: 'u/LumenBikes',
    // A mention in another subreddit: its own conversation, named after the post it is under.
    question: 'Which e-bike for a hilly commute?',
    async start() {
      // Reddit accepts only the redirect registered with the app: the fake is told which one, the dialog gets its port.
      const port = await freePort()
      const fake = await startRedditFake({ redirectUri: `http://127.0.0.1:${port}/callback` })
      return {
        close: () => fake.close(),
        fields: { clientId: FAKE_REDDIT_CLIENT_ID, redirectPort: String(port), subreddits: 'lumenbikes', apiBase: fake.url },
        posted: (words) => fake.state.newestComments((c) => c.author === fake.state.brand && c.body === words).length,
        moderated: () => {
          const spam = fake.state.newestComments((c) => c.author === REDDIT_CAST.spammer)[0]!
          return spam.removed && fake.requests.filter((r) => r.path === '/api/remove').length === 1
        },
      }
    },
  },
]

for (const platform of platforms) {
  test.describe(`${platform.id} in browser mode`, () => {
    const ws = {} as { fake: Awaited<ReturnType<Platform['start']>>; parley: ParleyServer }
    let dataDir = ''
    test.beforeEach(async () => {
      ws.fake = await platform.start()
      dataDir = mkdtempSync(join(tmpdir(), `parley-e2e-${platform.id}-`))
      ws.parley = await startParley(['--vault', 'file'], dataDir, { PARLEY_VAULT_PASSPHRASE: 'e2e passphrase' })
    })
    // eslint-disable-next-line no-empty-pattern
    test.afterEach(async ({}, testInfo) => {
      if (testInfo.status !== testInfo.expectedStatus) console.log(`parley serve (exit code ${ws.parley.process.exitCode}):\n${ws.parley.log()}`)
      await stopParley(ws.parley)
      await ws.fake.close()
      rmSync(dataDir, { recursive: true, force: true })
    })

    const call = <T>(request: APIRequestContext, op: string, data: unknown): Promise<T> => callApi<T>(request, ws.parley, op, data)

    async function switchTo(page: Page, name: string, passphrase?: string): Promise<void> {
      await page.getByTestId('profile-switcher').click()
      await page.getByTestId('profile-option').filter({ hasText: name }).click()
      if (passphrase) {
        await page.getByTestId('profile-passphrase').fill(passphrase)
        await page.getByTestId('profile-switch-submit').click()
      }
      await expect(page.getByTestId('profile-switcher')).toContainText(name)
    }

    test('signs in through the platform, shows the budget, replies once through approval, and moderates by a rule', async ({ page }, testInfo) => {
      // As the first-run admin: a short undo window, an agent, and a rule that takes replica-watch spam down at the platform.
      const policy = await call<Record<string, unknown>>(page.request, 'policy.get', {})
      await call(page.request, 'policy.set', { ...policy, undoWindowMs: 1000 })
      const rule = await call<{ id: number }>(page.request, 'rules.save', { name: 'Replica spam', conditions: { text: 'replica watches' }, actions: [{ type: 'hide' }] })
      await call(page.request, 'rules.setEnabled', { id: rule.id, enabled: true })

      await page.goto(ws.parley.url)
      await page.getByRole('button', { name: /Connect a channel/ }).click()
      await expect(page.getByTestId('channels-screen')).toBeVisible()
      await page.getByTestId(`platform-${platform.id}`).click()
      for (const [name, value] of Object.entries(ws.fake.fields)) {
        const field = page.getByTestId(`field-${name}`)
        if (!(await field.isVisible())) await page.getByText('Account on its own server?').click()
        await field.fill(value)
      }
      const popupOpened = page.waitForEvent('popup')
      await page.getByTestId('oauth-start').click()
      const popup = await popupOpened
      await popup.waitForLoadState()
      await expect(popup).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/)
      await expect(popup.locator('body')).toContainText('You can close this tab and return to Parley')
      await popup.close()
      await expect(page.getByTestId('add-account-form')).toBeHidden()
      const card = page.getByTestId('account-card').filter({ hasText: platform.card })
      await expect(card).toBeVisible()
      // Sync health: what the platform lets the account spend, and when it resets.
      await expect(card.getByTestId('health-budget-summary')).toContainText(/\d+ of [\d,.\s]+ (units|requests)/, { timeout: 20_000 })
      await expect(card.getByTestId('health-budget-reset')).toContainText('resets')
      // The screens are rebuilt once after the first account connects, so the card may be replaced while it is drawn: draw it again then.
      await expect(async () => {
        await card.screenshot({ path: testInfo.outputPath(`${platform.id}-account.png`), timeout: 3_000 })
      }).toPass({ timeout: 20_000 })
      await page.keyboard.press('Escape')

      // An agent writes the reply.
      await page.getByTestId('profile-switcher').click()
      await page.getByTestId('profile-create').click()
      await page.getByTestId('new-profile-name').fill('Sam')
      await page.getByTestId('new-profile-role').selectOption('agent')
      await page.getByTestId('new-profile-passphrase').fill('sam passphrase 1')
      await page.getByTestId('profile-create-submit').click()
      await expect(page.getByTestId('profile-create-submit')).toBeHidden()
      await switchTo(page, 'Sam')
      await page.getByTestId('view-inbox').click()
      const row = page.getByTestId('conversation-row').filter({ hasText: platform.question })
      await expect(row).toHaveCount(1, { timeout: 20_000 })
      await row.click()
      const words = `Yes: the S frame fits riders from 150 cm. (e2e ${platform.id} ${Date.now()})`
      await page.getByTestId('composer').fill(words)
      await expect(page.getByTestId('draft-status')).toHaveText('Saved')
      await expect(page.getByTestId('submit-reply')).toContainText('Submit for approval')
      await page.getByTestId('submit-reply').click()
      await expect(page.getByTestId('reply-state')).toContainText('Waiting for approval')
      expect(ws.fake.posted(words)).toBe(0)

      // The admin approves it.
      await switchTo(page, 'Me', ADMIN_PASSPHRASE)
      await page.getByTestId('view-needs_approval').click()
      await page.getByTestId('conversation-row').filter({ hasText: platform.question }).click()
      const approval = page.getByTestId('approval-card')
      await expect(approval).toContainText(words)
      await approval.getByTestId('approve').click()
      await expect(page.getByTestId('approval-card')).toHaveCount(0)

      // The outbox sends the reply once the undo window is over, and the rule's moderation with it.
      await page.getByTestId('nav-outbox').click()
      await expect(page.getByTestId('outbox-screen')).toBeVisible()
      await expect(page.getByTestId('outbox-item').filter({ hasText: 'Yes: the S frame' })).toHaveAttribute('data-state', 'sent', { timeout: 30_000 })
      await expect.poll(() => ws.fake.moderated(), { timeout: 30_000 }).toBe(true)
      await page.screenshot({ path: testInfo.outputPath(`${platform.id}-outbox.png`) })
      expect(ws.fake.posted(words)).toBe(1)
    })
  })
}
