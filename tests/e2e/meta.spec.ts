import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { startMetaFake, type MetaFake } from '../../src/main/features/connectors/meta/fake-server'
import { callApi, expect, startParley, stopParley, test, type ParleyServer } from './fixtures'

/**
 * A Page and its Instagram account connected through the fake's Facebook Login (PKCE, loopback
 * redirect), their comments, mentions and DMs in the inbox, the Messenger window shown in the
 * composer, and a reply going out once through the outbox.
 */
test.describe('Facebook and Instagram in browser mode', () => {
  const ws = {} as { fake: MetaFake; parley: ParleyServer }
  let dataDir = ''
  test.beforeEach(async () => {
    ws.fake = await startMetaFake()
    dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-meta-'))
    ws.parley = await startParley(['--vault', 'file'], dataDir, { PARLEY_VAULT_PASSPHRASE: 'e2e passphrase' })
  })
  // eslint-disable-next-line no-empty-pattern
  test.afterEach(async ({}, testInfo) => {
    // A failure says what the serve process logged (and whether it was still running).
    if (testInfo.status !== testInfo.expectedStatus) console.log(`parley serve (exit code ${ws.parley.process.exitCode}):\n${ws.parley.log()}`)
    await stopParley(ws.parley)
    await ws.fake.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  async function signIn(page: Page, platform: 'facebook' | 'instagram'): Promise<void> {
    await page.getByTestId(`platform-${platform}`).click()
    await page.getByTestId('field-appId').fill(ws.fake.appId)
    await page.getByTestId('field-page').fill('Lumen Bikes')
    // The advanced part may still be open from the previous account.
    const apiBase = page.getByTestId('field-apiBase')
    if (!(await apiBase.isVisible())) await page.getByText('Account on its own server?').click()
    await apiBase.fill(ws.fake.url)
    const popupOpened = page.waitForEvent('popup')
    await page.getByTestId('oauth-start').click()
    const popup = await popupOpened
    await popup.waitForLoadState()
    await expect(popup).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/)
    await expect(popup.locator('body')).toContainText('You can close this tab and return to Parley')
    await popup.close()
    await expect(page.getByTestId('add-account-form')).toBeHidden()
  }

  test('connects a Page and its Instagram account through Facebook Login, shows their messages and the reply window, and replies once', async ({ page }, testInfo) => {
    await page.goto(ws.parley.url)
    await page.getByRole('button', { name: /Connect a channel/ }).click()
    await expect(page.getByTestId('channels-screen')).toBeVisible()
    await signIn(page, 'facebook')
    await page.getByTestId('add-account').click()
    await signIn(page, 'instagram')
    const cards = page.getByTestId('account-card').filter({ hasText: 'Lumen Bikes' })
    await expect(cards).toHaveCount(2)
    await page.screenshot({ path: testInfo.outputPath('channels-meta.png') })

    // Replies go out as soon as they are approved (the admin sends directly); a short undo window for the test.
    const policy = await callApi<Record<string, unknown>>(page.request, ws.parley, 'policy.get', {})
    await callApi(page.request, ws.parley, 'policy.set', { ...policy, undoWindowMs: 1000 })
    await page.keyboard.press('Escape')
    await page.getByTestId('view-inbox').click()
    for (const text of ['Can I book a test ride on Saturday?', 'Do you ship to Portugal?', 'what is the range in winter?', 'Sunday ride along the river']) {
      await expect(page.getByTestId('conversation-row').filter({ hasText: text })).toHaveCount(1, { timeout: 20_000 })
    }

    // The Messenger conversation: the 24-hour window is shown before replying.
    await page.getByTestId('conversation-row').filter({ hasText: 'Can I book a test ride on Saturday?' }).click()
    // From the connector's manifest: the 24-hour window with its countdown, counted in graphemes up to 2,000.
    await expect(page.getByTestId('reply-deadline')).toHaveText(/24-hour window closes in (\d+ h \d{2} min|\d+ min) \(/)
    await expect(page.getByTestId('reply-count')).toHaveText('0 / 2,000')
    const words = `Saturday at 10 works — see you at the shop! (e2e ${Date.now()})`
    await page.getByTestId('composer').fill(words)
    await expect(page.getByTestId('draft-status')).toHaveText('Saved')
    await page.screenshot({ path: testInfo.outputPath('messenger-window.png') })
    await page.setViewportSize({ width: 1024, height: 768 })
    await page.screenshot({ path: testInfo.outputPath('messenger-window-1024.png') })
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.getByTestId('submit-reply').click()

    await page.getByTestId('nav-outbox').click()
    await expect(page.getByTestId('outbox-item').first()).toHaveAttribute('data-state', 'sent', { timeout: 30_000 })
    const sent = [...ws.fake.state.messages.values()].filter((m) => m.fromPage && m.text === words)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.threadId).toBe(ws.fake.cast.openThreadId)
  })
})
