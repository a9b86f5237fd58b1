import type { APIRequestContext, Page } from '@playwright/test'
import { callApi, connectMastodon, expect, test, useMastodonWorkspace } from './fixtures'

/**
 * The words on screen are the words posted: a DM reply to a Mastodon user shows the mention
 * Mastodon needs before submit, the approver sees the full text, and the bytes the instance
 * receives are exactly the approved text.
 */
test.describe('Posted text in browser mode', () => {
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

  test('a DM reply: the mention is shown before submit, approved, and posted byte for byte', async ({ page }) => {
    await connectMastodon(page, ws)
    const policy = await call<Record<string, unknown>>(page.request, 'policy.get', {})
    await call(page.request, 'policy.set', { ...policy, undoWindowMs: 1000 })
    await call(page.request, 'profiles.create', { name: 'Alex', role: 'agent' })
    await call(page.request, 'profiles.create', { name: 'Mira', role: 'supervisor', passphrase: 'mira passphrase 1' })
    await page.keyboard.press('Escape')
    await page.getByTestId('view-inbox').click()
    await page.reload()

    await switchTo(page, 'Alex')
    const row = page.getByTestId('conversation-row').filter({ hasText: "Sam O'Neil" }).first()
    await expect(row).toBeVisible({ timeout: 20_000 })
    await row.click()
    const words = `Hi Sam, yes: it ships Monday 🚲 (e2e ${Date.now()})`
    await page.getByTestId('composer').fill(words)
    await expect(page.getByTestId('draft-status')).toHaveText('Saved')
    // Before anything is committed, the composer says what goes in front.
    await expect(page.getByTestId('reply-prefix')).toHaveText('@sam')
    await page.getByTestId('submit-reply').click()
    await expect(page.getByTestId('reply-state')).toContainText('Waiting for approval')
    // The composer now holds exactly the submitted words.
    await expect(page.getByTestId('composer')).toHaveValue(`@sam ${words}`)
    await expect(page.getByTestId('reply-target-line')).toContainText('posted exactly as written')

    await switchTo(page, 'Mira', 'mira passphrase 1')
    await page.getByTestId('view-needs_approval').click()
    await page.getByTestId('conversation-row').first().click()
    const card = page.getByTestId('approval-card')
    await expect(card.getByTestId('approval-body')).toHaveText(`@sam ${words}`)
    const before = ws.fake.statusesPostedBy('brand').length
    await card.getByTestId('approve').click()
    await expect(page.getByTestId('approval-card')).toHaveCount(0)

    await page.getByTestId('nav-outbox').click()
    await expect(page.getByTestId('outbox-item').first()).toHaveAttribute('data-state', 'sent', { timeout: 30_000 })
    const [approval] = await call<{ body: string; status: string }[]>(page.request, 'approvals.list', {
      conversationId: (await call<{ conversationId: number }[]>(page.request, 'outbox.list', {}))[0]!.conversationId,
      status: 'all',
    })
    expect(approval!.body).toBe(`@sam ${words}`)
    const posts = ws.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses')
    expect(posts).toHaveLength(1)
    expect((JSON.parse(posts[0]!.body) as { status: string }).status).toBe(approval!.body)
    expect(ws.fake.statusesPostedBy('brand')).toHaveLength(before + 1)
  })
})
