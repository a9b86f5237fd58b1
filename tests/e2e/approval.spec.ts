import type { APIRequestContext, Page } from '@playwright/test'
import { callApi, connectMastodon, expect, test, useMastodonWorkspace } from './fixtures'

/** One reply from an agent, edited and approved by a supervisor, sent once through the outbox. */
test.describe('Approval workflow in browser mode', () => {
  const ws = useMastodonWorkspace()

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

  async function createProfile(page: Page, name: string, role: string, passphrase: string): Promise<void> {
    await page.getByTestId('profile-switcher').click()
    await page.getByTestId('profile-create').click()
    await page.getByTestId('new-profile-name').fill(name)
    await page.getByTestId('new-profile-role').selectOption(role)
    await page.getByTestId('new-profile-passphrase').fill(passphrase)
    await page.getByTestId('profile-create-submit').click()
    await expect(page.getByTestId('profile-create-submit')).toBeHidden()
  }

  test('agent submits, supervisor edits and approves, the reply goes out exactly once', async ({ page }, testInfo) => {
    await connectMastodon(page, ws)

    // As the first-run admin: a short undo window for the test, and two people.
    const policy = await call<Record<string, unknown>>(page.request, 'policy.get', {})
    await call(page.request, 'policy.set', { ...policy, undoWindowMs: 1500 })
    await page.keyboard.press('Escape')
    await page.getByTestId('view-inbox').click()
    await createProfile(page, 'Sam', 'agent', 'sam passphrase 1')
    await createProfile(page, 'Mira', 'supervisor', 'mira passphrase 1')

    // Sam writes and submits a reply to a Mastodon conversation.
    await switchTo(page, 'Sam')
    const row = page.getByTestId('conversation-row').first()
    await expect(row).toBeVisible({ timeout: 20_000 })
    await row.click()
    const original = `Thanks for asking! The battery fits every Commuter frame (e2e ${Date.now()})`
    await page.getByTestId('composer').fill(original)
    await expect(page.getByTestId('draft-status')).toHaveText('Saved')
    await expect(page.getByTestId('approval-requirement')).toContainText('Needs approval by a supervisor')
    await expect(page.getByTestId('submit-reply')).toContainText('Submit for approval')
    await page.getByTestId('submit-reply').click()
    await expect(page.getByTestId('reply-state')).toContainText('Waiting for approval')
    const [pending] = await call<{ id: string; conversationId: number; inReplyTo: string | null }[]>(page.request, 'approvals.list', { status: 'pending' })
    expect(pending?.inReplyTo).toBeTruthy()
    const before = ws.fake.statusesPostedBy('brand').length

    // Mira: a wrong passphrase is refused in plain words, the right one works.
    await page.getByTestId('profile-switcher').click()
    await page.getByTestId('profile-option').filter({ hasText: 'Mira' }).click()
    await page.getByTestId('profile-passphrase').fill('not the passphrase')
    await page.getByTestId('profile-switch-submit').click()
    await expect(page.getByTestId('profile-error')).toContainText(/not the one for Mira/)
    await page.getByTestId('profile-passphrase').fill('mira passphrase 1')
    await page.getByTestId('profile-switch-submit').click()
    await expect(page.getByTestId('profile-switcher')).toContainText('Mira')

    await page.getByTestId('view-needs_approval').click()
    await page.getByTestId('conversation-row').first().click()
    const card = page.getByTestId('approval-card')
    await expect(card).toHaveCount(1)
    await expect(card).toContainText(original)
    await expect(card).toContainText('Sam')
    // Mira's own replies go out directly (the supervisor default).
    await expect(page.getByTestId('approval-requirement')).toContainText('Sends directly')
    // Toasts from the setup would cover the sidebar in the screenshot (they may also be leaving on their own).
    await page.getByRole('button', { name: 'Dismiss' }).evaluateAll((buttons) => buttons.forEach((b) => (b as unknown as { click(): void }).click()))
    await expect(page.getByRole('button', { name: 'Dismiss' })).toHaveCount(0)
    await page.screenshot({ path: testInfo.outputPath('approvals.png') })

    const edited = `${original.replace('Thanks for asking!', 'Good question!')} Happy riding.`
    await card.getByTestId('edit-approve').click()
    await card.getByTestId('approval-editor').fill(edited)
    await card.getByTestId('confirm-edit-approve').click()
    await expect(page.getByTestId('approval-card')).toHaveCount(0)

    // The outbox sends it once the undo window is over.
    await page.getByTestId('nav-outbox').click()
    await expect(page.getByTestId('outbox-screen')).toBeVisible()
    await expect(page.getByTestId('outbox-item').first()).toHaveAttribute('data-state', 'sent', { timeout: 30_000 })
    await expect(page.getByTestId('outbox-item').first()).toContainText('Happy riding')

    const posted = ws.fake.statusesPostedBy('brand')
    expect(posted.length).toBe(before + 1)
    const replies = posted.filter((s) => s.text.includes('Happy riding'))
    expect(replies).toHaveLength(1)
    expect(replies[0]!.inReplyToId).toBe(pending!.inReplyTo)
    expect(replies[0]!.text).toContain('Good question!')
    expect(replies[0]!.text).not.toContain('Thanks for asking!')

    // Sam sees what Mira changed; the activity trail tells the story in order.
    await switchTo(page, 'Sam')
    await page.getByTestId('outbox-item').first().getByRole('button', { name: 'Open conversation' }).click()
    await expect(page.getByTestId('approval-diff')).toContainText('Mira edited your reply')
    const timeline = page.getByTestId('audit-timeline')
    await timeline.locator('summary').click()
    await expect(timeline.getByTestId('audit-event').filter({ hasText: ' sent' })).toHaveCount(1)
    const kinds = await timeline.getByTestId('audit-event').evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')))
    const order = ['drafted', 'submitted', 'approved', 'queued', 'sent'].map((k) => kinds.indexOf(k))
    expect(order.every((i) => i >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    await expect(timeline.getByTestId('audit-event').filter({ hasText: 'Mira approved' })).toHaveCount(1)
    await timeline.getByTestId('audit-verify').click()
    await expect(timeline.getByTestId('audit-verdict')).toContainText('intact')
  })


  test('a supervisor approves from the list with the keyboard, undoes it, approves again, and exactly the approved words go out', async ({ page }, testInfo) => {
    await connectMastodon(page, ws)
    // Long enough to press Undo without racing the send, short enough for the second send to come soon.
    const policy = await call<Record<string, unknown>>(page.request, 'policy.get', {})
    await call(page.request, 'policy.set', { ...policy, undoWindowMs: 8000 })
    await page.keyboard.press('Escape')
    await page.getByTestId('view-inbox').click()
    await createProfile(page, 'Sam', 'agent', 'sam passphrase 1')
    await createProfile(page, 'Mira', 'supervisor', 'mira passphrase 1')

    // Sam submits replies in two conversations, so one is left in the list after the other is approved.
    await switchTo(page, 'Sam')
    const stamp = Date.now()
    await expect(page.getByTestId('conversation-row').nth(1)).toBeVisible({ timeout: 20_000 })
    for (const n of [0, 1]) {
      await page.getByTestId('conversation-row').nth(n).click()
      await page.getByTestId('composer').fill(`Yes, it folds in one move (e2e ${stamp} #${n})`)
      await expect(page.getByTestId('draft-status')).toHaveText('Saved')
      await page.getByTestId('submit-reply').click()
      await expect(page.getByTestId('reply-state')).toContainText('Waiting for approval')
    }
    const [first] = await call<{ conversationId: number; body: string }[]>(page.request, 'approvals.list', { status: 'pending' })
    const target = first!.conversationId
    const before = ws.fake.statusesPostedBy('brand').length

    await switchTo(page, 'Mira', 'mira passphrase 1')
    await page.getByRole('button', { name: 'Dismiss' }).evaluateAll((buttons) => buttons.forEach((b) => (b as unknown as { click(): void }).click()))
    // g then a: Needs approval. The keys act on the reply of the row selected in the list, focus staying there.
    await page.keyboard.press('g')
    await page.keyboard.press('a')
    const rows = page.getByTestId('conversation-row')
    await expect(rows).toHaveCount(2)
    const list = page.getByRole('listbox')
    const selectTarget = async (): Promise<void> => {
      const ids = await rows.evaluateAll((els) => els.map((el) => el.id))
      await page.keyboard.press('j')
      await expect(list).toBeFocused()
      await page.keyboard.press('k')
      for (let i = 0; i < ids.indexOf(`conv-${target}`); i++) await page.keyboard.press('j')
      await expect(page.locator('[data-testid="approval-card"].active')).toHaveAttribute('data-conversation-id', String(target))
    }
    await selectTarget()
    const card = page.locator(`[data-testid="approval-card"][data-conversation-id="${target}"]`)
    const approvedText = (await card.getByTestId('approval-body').textContent()) ?? ''
    expect(approvedText).toBe(first!.body)

    // The sheet says what the keys do here, first.
    await page.keyboard.press('?')
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await expect(sheet.getByTestId('shortcut-group').first()).toContainText('Needs approval')
    await expect(sheet.getByTestId('shortcut-group').first()).toContainText('Approve')
    await page.keyboard.press('Escape')
    await expect(sheet).toBeHidden()
    await expect(list).toBeFocused()
    await page.screenshot({ path: testInfo.outputPath('needs-approval.png') })

    // a approves: its row and card leave at once, focus stays on the list, the toast offers Undo.
    await page.keyboard.press('a')
    await expect(rows).toHaveCount(1)
    await expect(card).toHaveCount(0)
    await expect(list).toBeFocused()
    const toast = page.getByTestId('toast').filter({ hasText: 'Approved Sam’s reply' })
    await expect(toast).toContainText(/sending in \d+ s/)
    await page.screenshot({ path: testInfo.outputPath('approve-undo-toast.png') })

    // Undo takes the approval back: nothing goes out, and the reply waits in the list again.
    await toast.getByTestId('toast-action').click()
    await expect(page.getByTestId('toast').filter({ hasText: 'Approval taken back' })).toBeVisible()
    await expect(rows).toHaveCount(2)

    // Approve it again from the list with the keyboard; this time it is left to go.
    await selectTarget()
    await expect(card.getByTestId('approval-body')).toHaveText(approvedText)
    await page.keyboard.press('a')
    await expect(rows).toHaveCount(1)
    await expect(page.getByTestId('toast').filter({ hasText: 'Approved Sam’s reply' })).toBeVisible()

    await page.keyboard.press('g')
    await page.keyboard.press('o')
    const ours = page.getByTestId('outbox-item').filter({ hasText: approvedText })
    await expect(ours).toHaveCount(2)
    await expect(ours.first()).toHaveAttribute('data-state', 'sent', { timeout: 30_000 })
    await expect(ours.nth(1)).toHaveAttribute('data-state', 'cancelled')
    await expect(ours.first().getByTestId('outbox-answering')).toContainText('answering')

    // Exactly one post, and the platform received exactly the words the approver saw on the card.
    const posted = ws.fake.statusesPostedBy('brand')
    expect(posted.length).toBe(before + 1)
    expect(posted.at(-1)!.text).toBe(approvedText)
  })
})
