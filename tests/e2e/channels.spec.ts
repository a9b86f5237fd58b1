import { callApi, expect, test, useMastodonWorkspace } from './fixtures'

test.describe('Channels in browser mode', () => {
  const ws = useMastodonWorkspace()

  test('connect Mastodon through the UI, see its health, and get new mentions live', async ({ page }, testInfo) => {
    await page.goto(ws.parley.url)
    await page.getByRole('button', { name: /Connect a channel/ }).click()
    await expect(page.getByTestId('channels-screen')).toBeVisible()
    await expect(page.getByTestId('vault-backend')).toContainText(/Encrypted file/)

    // From the first-run screen the add form opens straight away.
    await page.getByTestId('platform-mastodon').click()
    await page.getByTestId('field-instance').fill(ws.fake.url)
    await page.getByTestId('field-token').fill('wrong-token')
    await page.getByTestId('connect-submit').click()
    await expect(page.getByTestId('connect-error')).toContainText(/refused the token/)

    await page.getByTestId('field-token').fill(ws.fake.token)
    await page.getByTestId('connect-submit').click()
    const card = page.getByTestId('account-card').filter({ hasText: 'lumenbikes' })
    await expect(card).toBeVisible()
    const accountId = Number(await card.getAttribute('data-account-id'))
    expect(accountId).toBeGreaterThan(0)
    // The first poll runs by itself and the health panel shows it.
    await expect(card.getByTestId('health-last-success').first()).not.toContainText(/never/i)
    await expect(card.getByTestId('health-fetched').first()).toContainText(/\d/)
    await page.screenshot({ path: testInfo.outputPath('channels.png') })

    await page.keyboard.press('Escape')
    await page.getByTestId('view-inbox').click()
    const rows = page.getByTestId('conversation-row')
    await expect(rows.first()).toBeVisible()
    const before = await rows.count()

    const text = `Does the Commuter 2 fit a child seat? (e2e ${Date.now()})`
    ws.fake.addMention({ from: 'ines', text })
    await callApi(page.request, ws.parley, 'accounts.pollNow', { id: accountId })
    // No reload: the new mention arrives through the event stream.
    await expect(page.getByTestId('conversation-list')).toContainText('child seat', { timeout: 20_000 })
    expect(await rows.count()).toBeGreaterThanOrEqual(Math.min(before, 1))
  })
})
