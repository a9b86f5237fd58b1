import { callApi, connectMastodon, expect, test, useMastodonWorkspace } from './fixtures'

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
    await alert.getByTestId('coverage-seen').click()
    await expect(alert.getByTestId('coverage-seen')).toHaveCount(0)
  })
})
