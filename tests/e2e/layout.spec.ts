import type { Locator, Page } from '@playwright/test'
import { responseLines } from '../../src/main/features/reports/svg-charts'
import { expect, test } from './fixtures'

/**
 * What a newcomer sees at common window sizes: nothing in the top bar under the search field, a note's
 * time in full, the contact drawer clear of the composer's Send. Screenshots go to PARLEY_SHOTS when set.
 */
const sizes = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
]

type Box = { x: number; y: number; width: number; height: number }

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox()
  expect(b, 'element is laid out').not.toBeNull()
  return b!
}

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

/** The element is within the viewport, and not clipped by an ancestor that hides overflow. */
async function fullyShown(page: Page, l: Locator): Promise<void> {
  const clipped = await l.evaluate((el) => {
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.height === 0) return 'has no size'
    if (el.scrollWidth > el.clientWidth + 1) return `cuts its own text (${el.scrollWidth} > ${el.clientWidth})`
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p)
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue
      const q = p.getBoundingClientRect()
      if (r.left < q.left - 0.5 || r.right > q.right + 0.5) return `is cut off by ${p.className || p.tagName} (${r.left}-${r.right} outside ${q.left}-${q.right})`
    }
    return null
  })
  expect(clipped, 'fully visible').toBeNull()
  const b = await box(l)
  const v = page.viewportSize()!
  expect(b.x).toBeGreaterThanOrEqual(0)
  expect(b.x + b.width).toBeLessThanOrEqual(v.width)
}

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.PARLEY_SHOTS
  if (dir) await page.screenshot({ path: `${dir}/${name}.png` })
}

for (const size of sizes) {
  test(`at ${size.width}×${size.height} nothing covers the top bar's buttons, a note's time or Send`, async ({ page, parley }) => {
    await page.setViewportSize(size)
    // The page's clock, so a note can be "44 minutes ago" (among the longest relative times) without waiting.
    await page.clock.install()
    await page.goto(parley.url)
    await expect(page.getByTestId('conversation-row').first()).toBeVisible()
    await shot(page, `inbox-${size.width}`)

    // The search field and the Shortcuts / Settings buttons side by side, none on top of another.
    const field = page.getByTestId('search').locator('.field')
    const shortcuts = page.getByRole('button', { name: 'Keyboard shortcuts' })
    const settings = page.getByTestId('nav-settings')
    const fieldBox = await box(field)
    for (const button of [shortcuts, settings]) {
      const b = await box(button)
      expect(overlap(fieldBox, b), `search field ${JSON.stringify(fieldBox)} over a button ${JSON.stringify(b)}`).toBe(false)
      await fullyShown(page, button)
    }
    await fullyShown(page, page.getByTestId('profile-switcher').first())
    // The buttons answer a click where they are drawn (nothing lies on top of them).
    await settings.click()
    await expect(page.getByTestId('channels-screen')).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('conversation-row').first()).toBeVisible()

    // A conversation with an internal note: the note's time is shown whole (one that can be answered: feeds are read-only).
    await page.locator('[data-testid="conversation-row"]:not([data-kind="feed"])').first().click()
    await expect(page.getByTestId('conversation-pane')).toHaveAttribute('data-conversation-id', /\d+/)
    await page.keyboard.press('n')
    await expect(page.getByTestId('note-input')).toBeFocused()
    await page.keyboard.type('Checked the order: the frame ships Monday.')
    await page.keyboard.press('Control+Enter')
    const note = page.locator('[data-testid="message"][data-direction="note"]').last()
    await expect(note).toContainText('the frame ships Monday')
    await page.clock.fastForward('44:00')
    await expect(note.locator('time')).toHaveText('44 minutes ago')
    await note.scrollIntoViewIfNeeded()
    await fullyShown(page, note.locator('time'))
    await shot(page, `note-${size.width}`)

    // The contact drawer opens the header's person and leaves Send in reach; Esc closes it first.
    await page.getByTestId('open-contact').click()
    const drawer = page.getByTestId('contact-panel')
    await expect(drawer).toBeVisible()
    await expect(drawer.locator('#contact-title')).toHaveText((await page.locator('.header .author').textContent())!)
    await page.keyboard.press('r')
    const send = page.getByTestId('submit-reply')
    await expect(send).toBeVisible()
    expect(overlap(await box(drawer), await box(send)), 'drawer over Send').toBe(false)
    await shot(page, `contact-${size.width}`)
    await page.keyboard.press('Escape')
    await expect(drawer).toBeHidden()
    // Esc steps back one level at a time: the drawer, then to the list, then the conversation closes.
    const pane = page.getByTestId('conversation-pane')
    await expect(pane).toHaveAttribute('data-conversation-id', /\d+/)
    await page.keyboard.press('Escape')
    await expect(page.getByRole('listbox')).toBeFocused()
    await expect(pane).toHaveAttribute('data-conversation-id', /\d+/)
    await page.keyboard.press('Escape')
    await expect(pane).not.toHaveAttribute('data-conversation-id', /\d+/)

    // Search results: each hit shows the author of the matched words.
    await page.keyboard.press('/')
    await page.keyboard.type('battery')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('search-hit').first()).toBeVisible()
    await shot(page, `search-${size.width}`)
  })
}

test('the HTML export’s response chart shows its y-axis labels whole', async ({ page }) => {
  const hour = 3_600_000
  const days = ['Mon 16', 'Tue 17', 'Wed 18', 'Thu 19', 'Fri 20', 'Sat 21', 'Sun 22'].map((label, i) => ({
    label,
    medianMs: i === 3 ? null : (1 + i / 2) * hour,
    p90Ms: i === 3 ? null : (3 + i / 3) * hour + 10 * 60_000,
  }))
  const svg = responseLines(days, 'First response time by day')
  expect(svg).toContain('h 10 min')
  await page.setContent(`<!doctype html><body style="margin:0;width:640px">${svg}</body>`)
  const labels = await page.locator('svg text[text-anchor="end"]').evaluateAll((els) =>
    els.map((el) => ({ text: el.textContent, left: (el as SVGTextElement).getBBox().x })),
  )
  expect(labels.length).toBe(5)
  for (const l of labels) expect(l.left, `"${l.text}" starts inside the chart`).toBeGreaterThanOrEqual(0)
})
