import AxeBuilder from '@axe-core/playwright'
import { callApi, expect, test } from './fixtures'

const nineToFive = { start: '09:00', end: '17:00' }

test('every figure of the weekly summary opens to its conversations; a first response to the two messages it was measured between', async ({ page, parley, request }, testInfo) => {
  await callApi(request, parley, 'reports.setSettings', { timeZone: 'UTC', businessHours: [nineToFive, nineToFive, nineToFive, nineToFive, nineToFive, null, null] })
  await page.goto(parley.url)
  await expect(page.getByTestId('conversation-row').first()).toBeVisible()
  await page.keyboard.press('g')
  await page.keyboard.press('r')
  await expect(page.getByTestId('report-week')).toHaveText(/^\d{4}-W\d{2}$/)

  // Items received: the list adds up to the tile.
  const tile = page.locator('[data-testid="report-tile"][data-metric="received"]')
  const received = Number(await tile.getAttribute('data-value'))
  expect(received).toBeGreaterThan(0)
  await tile.getByTestId('tile-value').click()
  const panel = page.getByTestId('report-drill')
  await expect(panel.locator('#drill-title')).toHaveText('Items received')
  await expect(panel.getByTestId('drill-total')).toContainText(`${received.toLocaleString('en-US')} items in`)
  await expect(panel.getByTestId('drill-row').first()).toBeVisible()
  const counts = await panel.locator('[data-testid="drill-row"] .count').allTextContents()
  expect(counts.reduce((n, c) => n + Number(c.replace(/,/g, '')), 0)).toBe(received)
  await panel.getByTestId('drill-close').click()
  await expect(panel).toBeHidden()

  // First response: each row is a pair of messages with the business-hours rule applied and said.
  await page.getByTestId('drill-first-response').click()
  await expect(panel.locator('#drill-title')).toHaveText('First response times')
  const first = panel.getByTestId('drill-row').first()
  await expect(first.getByTestId('drill-explanation')).toHaveText(/^\w{3} \d{2}:\d{2} → \w{3} \d{2}:\d{2}, .+ in business hours \(.+ on the clock\)$/)
  await expect(first.getByTestId('drill-asked')).toBeVisible()
  await expect(first.getByTestId('drill-reply')).toBeVisible()
  expect(Number(await first.getByTestId('drill-asked').getAttribute('data-message-id'))).toBeGreaterThan(0)
  // The definition and its written rules beside the list.
  const defs = panel.getByTestId('drill-definitions')
  await expect(defs).toContainText('First response time (median, p90)')
  for (const rule of ['Internal notes', 'Bot and automatic replies', 'Reopened conversations']) await expect(defs.getByText(rule, { exact: true }).first()).toBeVisible()
  await expect(panel.getByTestId('drill-hours')).toHaveText('Business hours: Mon–Fri 09:00–17:00; closed Sat–Sun (UTC)')
  // The panel is as accessible as the screens around it.
  const axe = await new AxeBuilder({ page }).include('[data-testid="report-drill"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([])
  await page.screenshot({ path: testInfo.outputPath('drill-1440.png') })
  await page.setViewportSize({ width: 1024, height: 768 })
  await page.screenshot({ path: testInfo.outputPath('drill-1024.png') })
  await page.setViewportSize({ width: 1440, height: 900 })

  // A row opens its conversation in the inbox at the two messages, marked.
  const id = Number(await first.getAttribute('data-conversation-id'))
  const asked = await first.getByTestId('drill-asked').getAttribute('data-message-id')
  const reply = await first.getByTestId('drill-reply').getAttribute('data-message-id')
  await first.getByTestId('drill-open').click()
  await expect(panel).toBeHidden()
  await expect(page.getByTestId('conversation-pane')).toHaveAttribute('data-conversation-id', String(id))
  for (const messageId of [asked, reply]) await expect(page.locator(`[data-testid="message"][data-message-id="${messageId}"]`)).toHaveClass(/focused/)
  await expect(page.locator(`[data-testid="message"][data-message-id="${asked}"]`)).toBeInViewport()
  await page.screenshot({ path: testInfo.outputPath('drill-opened.png') })

  // The backlog and a day of the volume chart open too.
  await page.keyboard.press('g')
  await page.keyboard.press('r')
  const backlog = Number(await page.locator('[data-testid="report-tile"][data-metric="backlogOpen"]').getAttribute('data-value'))
  await page.getByTestId('report-backlog').click()
  await expect(panel.locator('#drill-title')).toHaveText('Backlog at the week’s end')
  await expect(panel.getByTestId('drill-total')).toContainText(`${backlog.toLocaleString('en-US')} conversations`)
  if (backlog > 0) await expect(panel.getByTestId('drill-row').first().getByTestId('drill-explanation')).toContainText('no reply by')
  await page.keyboard.press('Escape')
  await expect(panel).toBeHidden()
  await page.locator('[data-testid^="drill-day-"]').first().click()
  await expect(panel.locator('#drill-title')).toHaveText(/^Items received on \w+day \d+ \w+$/)
  await page.screenshot({ path: testInfo.outputPath('drill-day.png') })
  await page.keyboard.press('Escape')
  for (const width of [1024, 1440]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: testInfo.outputPath(`reports-${width}.png`) })
    await page.getByTestId('report-backlog').scrollIntoViewIfNeeded()
    await page.screenshot({ path: testInfo.outputPath(`reports-${width}-details.png`) })
  }
})
