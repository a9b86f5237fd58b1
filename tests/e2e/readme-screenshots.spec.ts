import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

/**
 * The README's inbox pictures (light and dark) and weekly summary of a `parley serve --demo` workspace at 1440×900 (and
 * a 1024-wide check beside each, not used by the README). Writes only when PARLEY_SCREENSHOTS names a folder
 * (`PARLEY_SCREENSHOTS=docs/screenshots npx playwright test tests/e2e/readme-screenshots.spec.ts`).
 */
const shots = process.env.PARLEY_SCREENSHOTS
test.skip(!shots, 'draws the README pictures only when PARLEY_SCREENSHOTS names a folder')

/** Shows the demo account on `platform` (its label in the sidebar) and opens its newest conversation. */
async function openNewest(page: Page, platform: string): Promise<void> {
  await page.locator('[data-testid^="account-"]').filter({ hasText: platform }).first().click()
  await page.locator('[data-testid="conversation-row"]').first().click()
  await expect(page.getByTestId('message').first()).toBeVisible()
  await expect(page.getByText('Checking the approval policy')).toHaveCount(0)
}

test('the inbox, light and dark', async ({ page, parley }) => {
  for (const [theme, platform] of [['light', 'Facebook'], ['dark', 'E-mail']] as const) {
    await page.emulateMedia({ colorScheme: theme })
    for (const width of [1024, 1440]) {
      await page.setViewportSize({ width, height: width === 1440 ? 900 : 700 })
      await page.goto(parley.url)
      await expect(page.locator('[data-testid="conversation-row"]').first()).toBeVisible()
      await openNewest(page, platform)
      const name = theme === 'light' ? 'inbox' : 'inbox-dark'
      await page.screenshot({ path: join(shots!, width === 1440 ? `${name}.png` : `${name}-1024.png`) })
    }
  }
})

test('the weekly summary of the last full week', async ({ page, parley }) => {
  for (const width of [1024, 1440]) {
    await page.setViewportSize({ width, height: width === 1440 ? 900 : 700 })
    await page.goto(parley.url)
    await expect(page.getByTestId('conversation-row').first()).toBeVisible()
    // g then r: the weekly summary, by default the last full week.
    await page.keyboard.press('g')
    await page.keyboard.press('r')
    await expect(page.getByTestId('report-tile')).toHaveCount(7)
    await page.screenshot({ path: join(shots!, width === 1440 ? 'reports.png' : 'reports-1024.png') })
  }
})
