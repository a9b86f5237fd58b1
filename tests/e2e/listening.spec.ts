import type { Page } from '@playwright/test'
import { callApi, connectMastodon, expect, test, useMastodonWorkspace } from './fixtures'

interface Shown {
  title: string
  body: string
  tag: string
}

declare global {
  interface Window {
    __shownNotifications: Shown[]
  }
}

/**
 * Issue 7's "done when", end to end: track "refund OR broken" with an alert, get one desktop
 * notification per new match, write a rule that tags and assigns, dry-run it on history, and see
 * in the conversation's timeline which rule acted.
 */
test.describe('Listening and rules in browser mode', () => {
  const ws = useMastodonWorkspace()
  let accountId: number

  const pollNow = async (page: Page): Promise<void> => void (await callApi(page.request, ws.parley, 'accounts.pollNow', { id: accountId }))
  const shown = (page: Page): Promise<Shown[]> => page.evaluate(() => window.__shownNotifications)

  test('track a topic, get one alert per new match, dry-run and enable a rule, and see it in the timeline', async ({ page }, testInfo) => {
    // The Notification API stands in for the OS: permission granted, every notification recorded.
    await page.addInitScript(() => {
      window.__shownNotifications = []
      class RecordedNotification {
        static permission = 'granted'
        static requestPermission = (): Promise<string> => Promise.resolve('granted')
        onclick: (() => void) | null = null
        constructor(title: string, options: { body?: string; tag?: string } = {}) {
          window.__shownNotifications.push({ title, body: options.body ?? '', tag: options.tag ?? '' })
        }
        close(): void {}
      }
      Object.defineProperty(window, 'Notification', { value: RecordedNotification, configurable: true, writable: true })
    })

    // History from before the topic and the rule exist: it must not alert, but the dry run must see it.
    ws.fake.addMention({ from: 'orjan', text: '@lumenbikes My Commuter 2 arrived with a broken bell, is that covered?' })

    accountId = await connectMastodon(page, ws)
    await page.keyboard.press('Escape')
    await page.getByTestId('view-inbox').click()
    await expect(page.getByTestId('conversation-list')).toContainText('broken bell', { timeout: 20_000 })

    // Track the topic, with an alert for each new match.
    await page.getByTestId('nav-listening').click()
    await expect(page.getByTestId('listening-screen')).toBeVisible()
    await page.getByTestId('topic-query').fill('refund OR broken')
    await page.getByTestId('topic-name').fill('Refunds and breakage')
    await expect(page.getByTestId('topic-alert')).toBeChecked()
    await page.getByTestId('topic-save').click()
    const topic = page.getByTestId('topic-row').filter({ hasText: 'Refunds and breakage' })
    await expect(topic).toBeVisible()
    await expect(topic.getByTestId('topic-count')).toHaveText(/^0 matches/)

    // Two new matches and one that does not match arrive in one poll.
    ws.fake.addMention({ from: 'ines', text: '@lumenbikes Can I get a refund for the rack? It does not fit the Commuter 2.' })
    ws.fake.addMention({ from: 'juergen', text: '@lumenbikes The kickstand is BROKEN after one week.' })
    ws.fake.addMention({ from: 'hanako', text: '@lumenbikes Love the new colours this season!' })
    await pollNow(page)
    await expect(page.getByTestId('alert-count')).toHaveText('2', { timeout: 20_000 })
    await expect.poll(async () => (await shown(page)).length).toBe(2)

    // A second poll brings one more match: exactly one more notification, none repeated.
    ws.fake.addMention({ from: 'sam', text: '@lumenbikes Still no refund after three weeks, who do I talk to?' })
    await pollNow(page)
    await expect(page.getByTestId('alert-count')).toHaveText('3', { timeout: 20_000 })
    await expect(topic.getByTestId('topic-count')).toHaveText(/^3 matches/)
    await expect(page.getByTestId('listening-badge')).toHaveText('3')
    const alerts = await shown(page)
    expect(alerts).toHaveLength(3)
    expect(new Set(alerts.map((a) => a.tag)).size).toBe(3)
    expect(alerts.every((a) => a.title === 'Tracked: Refunds and breakage')).toBe(true)
    expect(alerts.map((a) => a.body).join('\n')).toMatch(/refund for the rack[\s\S]*BROKEN[\s\S]*no refund after three weeks/)
    expect(alerts.some((a) => /colours|broken bell/.test(a.body))).toBe(false)
    await expect(page.getByTestId('match-item')).toHaveCount(3)
    await page.screenshot({ path: testInfo.outputPath('listening.png') })

    // A rule for the same words that tags and assigns.
    await page.getByTestId('nav-rules').click()
    await expect(page.getByTestId('rules-screen')).toBeVisible()
    await page.getByTestId('rule-name').fill('Refunds')
    await page.getByTestId('rule-text').fill('refund OR broken')
    await page.getByTestId('action-type').selectOption('tag')
    await page.getByTestId('action-tag').fill('refund')
    await page.getByTestId('action-add').click()
    await page.getByTestId('action-type').selectOption('assign')
    const assignee = page.getByTestId('action-assignee')
    await assignee.selectOption({ index: 1 })
    const assigneeName = (await assignee.locator('option:checked').textContent())!.trim()
    expect(assigneeName.length).toBeGreaterThan(0)
    await page.getByTestId('action-add').click()
    await expect(page.getByTestId('rule-actions')).toContainText('Tag “refund”')
    await expect(page.getByTestId('rule-actions')).toContainText(`Assign to ${assigneeName}`)

    // Dry run on history: the three alerted items and the older one; nothing changes.
    await page.getByTestId('rule-dry-run').click()
    await expect(page.getByTestId('dry-run-summary')).toContainText(/^4 of \d+ stored items match/)
    const dryRows = page.getByTestId('dry-run-row')
    // One row per item and action.
    await expect(dryRows).toHaveCount(8)
    await expect(dryRows.filter({ hasText: 'tagged refund' })).toHaveCount(4)
    await expect(dryRows.filter({ hasText: `assigned this to ${assigneeName}` })).toHaveCount(4)
    await expect(dryRows.filter({ hasText: 'broken bell' })).toHaveCount(2)
    await expect(page.getByTestId('dry-run')).not.toContainText('colours')
    await page.screenshot({ path: testInfo.outputPath('rules-dry-run.png') })

    // Saved rules start off; enable it, then a new match arrives.
    await page.getByTestId('rule-save').click()
    const rule = page.getByTestId('rule-row').filter({ hasText: 'Refunds' })
    await expect(rule).toBeVisible()
    await expect(rule.getByTestId('rule-enabled')).not.toBeChecked()
    await rule.getByTestId('rule-enabled').check()
    await expect(rule.getByTestId('rule-enabled')).toBeChecked()
    ws.fake.addMention({ from: 'zed', text: '@lumenbikes Bought a light last month and it is broken already.' })
    await pollNow(page)
    await expect.poll(async () => (await shown(page)).length, { timeout: 20_000 }).toBe(4)

    // The conversation's timeline names the rule for each thing it did.
    await page.getByTestId('view-inbox').click()
    const row = page.getByTestId('conversation-row').filter({ hasText: 'broken already' })
    await expect(row).toBeVisible({ timeout: 20_000 })
    await expect(row.getByTestId('tag-chip')).toHaveText(/refund/)
    await row.click()
    const activity = page.locator('[data-testid="message"][data-direction="activity"]')
    await expect(activity.filter({ hasText: "Rule 'Refunds' tagged refund" })).toHaveCount(1)
    await expect(activity.filter({ hasText: `Rule 'Refunds' assigned this to ${assigneeName}` })).toHaveCount(1)
    await page.screenshot({ path: testInfo.outputPath('rule-timeline.png') })

    // Rules act on new items only: the older conversations the dry run listed are unchanged.
    const older = page.getByTestId('conversation-row').filter({ hasText: 'broken bell' })
    await expect(older.getByTestId('tag-chip')).toHaveCount(0)
  })
})
