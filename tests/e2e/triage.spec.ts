import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

/** A sidebar count as a number ("1,234" → 1234). */
async function viewCount(page: Page, view: string): Promise<number> {
  const text = (await page.getByTestId(`view-${view}`).getByTestId('count').textContent()) ?? ''
  return Number(text.replace(/[^\d]/g, '') || '0')
}

async function cursorId(page: Page): Promise<string> {
  const id = await page.locator('[role="listbox"]').getAttribute('aria-activedescendant')
  expect(id).toMatch(/^conv-\d+$/)
  return id!.slice('conv-'.length)
}

test('a community manager triages twenty demo conversations with the keyboard only', async ({ page, parley }, testInfo) => {
  await page.goto(parley.url)
  const rows = page.getByTestId('conversation-row')
  await expect(rows.first()).toBeVisible()
  await expect(page.getByTestId('view-inbox').getByTestId('count')).not.toHaveText('0')
  await expect(page.getByTestId('view-snoozed')).toBeVisible()
  const before = {
    inbox: await viewCount(page, 'inbox'),
    done: await viewCount(page, 'done'),
    pending: await viewCount(page, 'pending'),
    snoozed: await viewCount(page, 'snoozed'),
  }
  const openId = () => page.getByTestId('triage-toolbar').getAttribute('data-conversation-id')

  // 1. Move to the first conversation and open it.
  await page.keyboard.press('j')
  // The demo inbox holds pending conversations too: each one done or snoozed here leaves Pending.
  let leftPending = 0
  const track = async (id: string): Promise<void> => {
    if ((await page.locator(`[data-testid="conversation-row"][data-id="${id}"]`).getAttribute('data-status')) === 'pending') leftPending++
  }
  const first = await cursorId(page)
  await track(first)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('triage-toolbar')).toBeVisible()

  // Assign it to myself: a, type, Enter.
  await page.keyboard.press('a')
  await expect(page.getByTestId('assign-picker')).toBeVisible()
  await page.keyboard.type('Me')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('assign-picker')).toBeHidden()
  await expect(page.getByTestId('assignee')).toHaveText('Me')

  // Tag it with a new tag: t, type a name nobody has, Enter creates and applies it.
  await page.keyboard.press('t')
  await page.keyboard.type('warranty claim')
  await expect(page.getByTestId('picker-option').last()).toHaveText(/Create tag “warranty claim”/)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('triage-toolbar').getByTestId('tag-chip')).toHaveText(/warranty claim/)

  // An internal note: n, type, Ctrl+Enter; it shows in the thread as a note, then Esc back to the list.
  await page.keyboard.press('n')
  await expect(page.getByTestId('note-input')).toBeFocused()
  await page.keyboard.type('Fleet customer, loop in sales before replying.')
  await page.keyboard.press('Control+Enter')
  await expect(page.locator('[data-testid="message"][data-direction="note"]').last()).toContainText('Fleet customer, loop in sales')
  await page.keyboard.press('Escape')

  // Done: the row leaves the inbox and the next conversation opens where the cursor landed.
  await page.keyboard.press('e')
  await expect(page.locator(`[data-testid="conversation-row"][data-id="${first}"]`)).toHaveCount(0)
  const second = await cursorId(page)
  await track(second)
  await expect.poll(openId).toBe(second)

  // 2. Tag the second with the tag that now exists, then done.
  await page.keyboard.press('t')
  await page.keyboard.type('warr')
  await expect(page.getByTestId('picker-option').first()).toHaveText(/warranty claim/)
  await page.keyboard.press('Enter')
  await expect(page.locator(`[data-testid="conversation-row"][data-id="${second}"]`).getByTestId('tag-chip')).toHaveText(/warranty claim/)
  await page.keyboard.press('e')
  await expect(page.locator(`[data-testid="conversation-row"][data-id="${second}"]`)).toHaveCount(0)

  // 3 and 4. Snooze two: tomorrow morning, then later today.
  const third = await cursorId(page)
  await track(third)
  await page.keyboard.press('s')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page.locator(`[data-testid="conversation-row"][data-id="${third}"]`)).toHaveCount(0)
  const fourth = await cursorId(page)
  await track(fourth)
  await page.keyboard.press('s')
  await page.keyboard.press('Enter')
  await expect(page.locator(`[data-testid="conversation-row"][data-id="${fourth}"]`)).toHaveCount(0)

  // 5. Pending through the command palette; a pending conversation stays in the inbox.
  const fifth = await cursorId(page)
  // The demo's pending conversations are spread by the clock: the fifth may be pending already, and then stays one.
  const fifthWasPending = (await page.locator(`[data-testid="conversation-row"][data-id="${fifth}"]`).getAttribute('data-status')) === 'pending'
  await page.keyboard.press('Control+k')
  await expect(page.getByTestId('command-palette')).toBeVisible()
  await page.keyboard.type('pending')
  await expect(page.getByTestId('picker-option').first()).toHaveText(/Mark pending/)
  await page.keyboard.press('Enter')
  await expect(page.locator(`[data-testid="conversation-row"][data-id="${fifth}"]`)).toHaveAttribute('data-status', 'pending')

  // 6 to 20. Select fifteen with x and j, then one e for all of them.
  await page.keyboard.press('j')
  const picked: string[] = []
  for (let i = 0; i < 15; i++) {
    const id = await cursorId(page)
    picked.push(id)
    await track(id)
    await page.keyboard.press('x')
    await page.keyboard.press('j')
  }
  await expect(page.getByTestId('bulk-count')).toHaveText('15 selected')
  await expect(page.locator('[data-testid="conversation-row"][data-checked="true"]')).toHaveCount(15)
  await page.keyboard.press('e')
  await expect(page.getByTestId('bulk-bar')).toBeHidden()
  for (const id of picked) await expect(page.locator(`[data-testid="conversation-row"][data-id="${id}"]`)).toHaveCount(0)

  // The sidebar counts agree: 17 done, 2 snoozed, 1 more pending unless it was already (less those done), 19 out of the inbox.
  await expect.poll(() => viewCount(page, 'done')).toBe(before.done + 17)
  await expect.poll(() => viewCount(page, 'snoozed')).toBe(before.snoozed + 2)
  await expect.poll(() => viewCount(page, 'pending')).toBe(before.pending + (fifthWasPending ? 0 : 1) - leftPending)
  await expect.poll(() => viewCount(page, 'inbox')).toBe(before.inbox - 19)

  // g then s: the two snoozed ones, with their wake time.
  await page.keyboard.press('g')
  await page.keyboard.press('s')
  await expect(page.locator('#list-title')).toHaveText('Snoozed')
  await expect(rows).toHaveCount(before.snoozed + 2)
  await expect(page.locator(`[data-testid="conversation-row"][data-id="${third}"]`)).toBeVisible()

  // g then d: the first one is done, and its thread tells what happened, in order.
  await page.keyboard.press('g')
  await page.keyboard.press('d')
  await expect(page.locator('#list-title')).toHaveText('Done')
  const done = page.locator(`[data-testid="conversation-row"][data-id="${first}"]`)
  await expect(done).toBeVisible()
  while ((await cursorId(page).catch(() => '')) !== first) await page.keyboard.press('j')
  await page.keyboard.press('Enter')
  await expect.poll(openId).toBe(first)
  const activity = page.locator('[data-testid="message"][data-direction="activity"]')
  await expect(activity).toContainText(['Me assigned this to themselves', 'Me tagged this warranty claim', 'Me marked this done'])
  await expect(page.locator('[data-testid="message"][data-direction="note"]')).toHaveCount(1)

  // Shift+E reopens it from Done.
  await page.keyboard.press('Shift+E')
  await expect(done).toHaveCount(0)
  await expect.poll(() => viewCount(page, 'done')).toBe(before.done + 16)

  await page.screenshot({ path: testInfo.outputPath('triage.png') })
  await testInfo.attach('triage', { path: testInfo.outputPath('triage.png'), contentType: 'image/png' })
})
