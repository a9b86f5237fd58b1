import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

async function ready(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await expect(page.getByTestId('conversation-row').first()).toBeVisible()
}

test('search with the query syntax, then save it as a view that survives a reload', async ({ page, parley }) => {
  await ready(page, parley.url)

  // A syntax error points at the problem and keeps the list as it was.
  await page.keyboard.press('/')
  await expect(page.getByTestId('search-input')).toBeFocused()
  await page.keyboard.type('battery is:everything')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('search-error')).toContainText(/is:/)
  await expect(page.getByTestId('search-results')).toHaveCount(0)

  await page.getByTestId('search-input').fill('battery is:open')
  await page.keyboard.press('Enter')
  const results = page.getByTestId('search-results')
  await expect(results).toBeVisible()
  await expect(page.getByTestId('search-hit').first()).toBeVisible()
  // Every hit marks the word it matched.
  const hits = page.getByTestId('search-hit')
  const shown = Math.min(await hits.count(), 10)
  for (let i = 0; i < shown; i++) await expect(hits.nth(i).locator('mark').first()).toHaveText(/^batter/i)
  const found = await page.getByTestId('search-count').textContent()

  await page.getByTestId('save-view').click()
  await page.getByTestId('view-name').fill('Open battery questions')
  await page.keyboard.press('Enter')
  const saved = page.getByTestId('saved-view').filter({ hasText: 'Open battery questions' })
  await expect(saved).toBeVisible()
  await expect(saved.getByTestId('saved-view-count')).not.toHaveText('')
  const count = Number((await saved.getByTestId('saved-view-count').textContent())!.replace(/\D/g, ''))
  expect(count).toBeGreaterThan(0)

  // The view is stored in the workspace, not the page.
  await page.reload()
  const again = page.getByTestId('saved-view').filter({ hasText: 'Open battery questions' })
  await expect(again).toBeVisible()
  await again.click()
  await expect(page.getByTestId('search-results')).toBeVisible()
  await expect(page.locator('#results-title')).toHaveText('Open battery questions')
  await expect(page.getByTestId('search-count')).toHaveText(found!)
})

test('merge two contacts into one person, then un-merge them', async ({ page, parley }) => {
  await ready(page, parley.url)
  const rows = page.locator('[data-testid="conversation-row"]:not([data-kind="feed"])')
  // Two different people: the first row's author and the first row by someone else.
  const first = rows.first()
  const firstAuthor = (await first.locator('.author').first().textContent())!
  await first.click()
  await page.getByTestId('open-contact').click()
  const panel = page.getByTestId('contact-panel')
  await expect(panel).toBeVisible()
  const identities = panel.getByTestId('contact-identities').locator('li')
  await expect(identities.first()).toBeVisible()
  const before = await identities.count()
  const historyBefore = await panel.getByTestId('contact-history').locator('li').count()

  // Find someone else by a name from another row.
  const otherName = await page.evaluate((skip) => {
    for (const el of Array.from(document.querySelectorAll('[data-testid="conversation-row"]:not([data-kind="feed"]) .author'))) {
      const name = (el.textContent ?? '').trim()
      if (name && name !== skip.trim()) return name
    }
    return ''
  }, firstAuthor)
  expect(otherName).not.toBe('')
  await panel.getByTestId('merge-search').fill(otherName)
  // Someone with conversations of their own (the search also finds people whose names contain it and who only
  // wrote in others' threads, whose merge would move none).
  const candidate = panel.locator('li.match').filter({ hasNotText: '· 0 conv.' })
  const mergeButton = candidate.first().getByTestId('merge-button')
  await expect(mergeButton).toBeVisible()
  await mergeButton.click()

  await expect(panel.getByTestId('contact-merges')).toContainText('Merged')
  await expect.poll(() => identities.count()).toBeGreaterThan(before)
  await expect.poll(() => panel.getByTestId('contact-history').locator('li').count()).toBeGreaterThan(historyBefore)

  await panel.getByTestId('unmerge-button').click()
  await expect(panel.getByTestId('contact-merges')).toHaveCount(0)
  await expect.poll(() => identities.count()).toBe(before)
  await expect.poll(() => panel.getByTestId('contact-history').locator('li').count()).toBe(historyBefore)
  await expect(panel).toContainText('Un-merged before')
})

/** axe-core in the real page: no serious or critical violation on the screens a manager lives in. */
test('the main screens have no serious or critical accessibility violations', async ({ page, parley }) => {
  await ready(page, parley.url)
  const scan = async (where: string): Promise<void> => {
    // label-content-name-mismatch is one of axe's experimental rules: a list row's name is a spoken
    // summary (status, assignee and tags in words) while the row itself shows chips and icons.
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .disableRules(['label-content-name-mismatch'])
      .analyze()
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(
      bad.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`),
    ).toEqual([])
  }
  await scan('inbox list')
  await page.locator('[data-testid="conversation-row"]:not([data-kind="feed"])').first().click()
  await expect(page.getByTestId('message').first()).toBeVisible()
  await scan('conversation')
  for (const screen of ['outbox', 'listening', 'rules', 'spam', 'reports'] as const) {
    await page.getByTestId(`nav-${screen}`).click()
    await expect(page.getByTestId(`nav-${screen}`)).toHaveAttribute('aria-current', 'page')
    await scan(screen)
  }
  await page.keyboard.press('g')
  await page.keyboard.press('c')
  await expect(page.getByRole('heading', { name: /Channels/ }).first()).toBeVisible()
  await scan('channels')
})
