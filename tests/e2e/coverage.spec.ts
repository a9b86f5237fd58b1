import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { callApi, connectMastodon, expect, test, useMastodonWorkspace } from './fixtures'

/** No serious or critical axe violation on the Channels screen with its coverage (as people.spec.ts scans the main screens). */
async function accessible(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).disableRules(['label-content-name-mismatch']).analyze()
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${where}: ${v.id} ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([])
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

test.describe('Coverage in browser mode', () => {
  const ws = useMastodonWorkspace()

  test('shows what each stream covered and its usual rate, and alerts when the account needs reconnecting', async ({ page }, testInfo) => {
    // Two weeks of daytime mentions for the first poll to learn the usual rate from.
    const now = Date.now()
    for (let at = now - 14 * DAY + 10 * MINUTE; at < now - 30 * MINUTE; at += 30 * MINUTE) {
      const hour = new Date(at).getHours()
      if (hour >= 8 && hour < 22) ws.fake.addMention({ from: 'ines', text: `Question from ${new Date(at).toISOString()}`, at })
    }
    const accountId = await connectMastodon(page, ws)
    const card = page.getByTestId('account-card').filter({ hasText: 'lumenbikes' })
    const mentions = card.locator('[data-testid="stream-coverage"][data-stream="notifications"]')
    await expect(mentions).toBeVisible({ timeout: 30_000 })
    await expect(mentions.getByTestId('coverage-window')).toContainText('(14 days)')
    await expect(mentions.getByTestId('usual-rate')).toBeVisible()
    await expect(page.getByTestId('coverage-summary')).toContainText(/covered/)
    await expect(page.getByTestId('coverage-signal')).toHaveAttribute('data-state', 'ok')

    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 })
      await page.screenshot({ path: testInfo.outputPath(`coverage-${width}.png`), fullPage: false })
    }
    // PARLEY_SCREENSHOTS=docs/screenshots redraws the README's picture.
    if (process.env.PARLEY_SCREENSHOTS) {
      await page.setViewportSize({ width: 1440, height: 900 })
      await page.screenshot({ path: join(process.env.PARLEY_SCREENSHOTS, 'coverage.png') })
    }
    await accessible(page, 'covered')

    // The token stops working: the account needs reconnecting and every profile is told.
    ws.fake.revokeToken()
    await callApi(page.request, ws.parley, 'accounts.pollNow', { id: accountId })
    await expect(card.getByTestId('health-error').first()).toBeVisible({ timeout: 20_000 })
    await callApi(page.request, ws.parley, 'accounts.pollNow', { id: accountId })
    await expect(card.getByTestId('account-status')).toHaveText('Needs reconnect', { timeout: 20_000 })
    const signal = page.getByTestId('coverage-signal')
    await expect(signal).toHaveAttribute('data-state', 'problem', { timeout: 20_000 })
    await expect(signal).toContainText('Reconnect')
    const alert = page.locator('[data-testid="coverage-alert"][data-kind="account"]')
    await expect(alert).toContainText('needs reconnecting')
    await expect(alert.getByTestId('coverage-causes')).toBeVisible()
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 })
      await page.screenshot({ path: testInfo.outputPath(`coverage-reconnect-${width}.png`), fullPage: false })
    }
    await accessible(page, 'reconnect alert')
    await alert.getByTestId('coverage-seen').click()
    await expect(alert.getByTestId('coverage-seen')).toHaveCount(0)
  })
})
