import { expect, test, useMastodonWorkspace } from './fixtures'

test.describe('Sign in with Mastodon (OAuth 2 + PKCE, loopback redirect) in browser mode', () => {
  // The fake approves at once and redirects the popup to Parley's loopback listener.
  const ws = useMastodonWorkspace({ oauth: { consent: 'approve' } })

  test('the browser page approves, the popup lands on the loopback page, and the account appears', async ({ page }, testInfo) => {
    await page.goto(ws.parley.url)
    await page.getByRole('button', { name: /Connect a channel/ }).click()
    await expect(page.getByTestId('channels-screen')).toBeVisible()
    await page.getByTestId('platform-mastodon').click()
    await page.getByTestId('field-instance').fill(ws.fake.url)

    const popupOpened = page.waitForEvent('popup')
    await page.getByTestId('oauth-start').click()
    const popup = await popupOpened
    await popup.waitForLoadState()
    await expect(popup).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/)
    await expect(popup.locator('body')).toContainText('You can close this tab and return to Parley')
    await expect(popup.locator('body')).toContainText('Parley is now connected to Lumen Bikes')
    await popup.screenshot({ path: testInfo.outputPath('loopback-page.png') })

    await expect(page.getByTestId('add-account-form')).toBeHidden()
    const card = page.getByTestId('account-card').filter({ hasText: 'lumenbikes' })
    await expect(card).toBeVisible()
    await expect(card.getByTestId('health-last-success').first()).not.toContainText(/never/i)
    await page.screenshot({ path: testInfo.outputPath('channels-after-oauth.png') })
    expect(ws.fake.oauth.issued).toHaveLength(1)
  })

  test('a refusal at the instance shows inline and connects nothing', async ({ page }) => {
    ws.fake.oauth.consent = 'deny'
    await page.goto(ws.parley.url)
    await page.getByRole('button', { name: /Connect a channel/ }).click()
    await page.getByTestId('platform-mastodon').click()
    await page.getByTestId('field-instance').fill(ws.fake.url)
    const popupOpened = page.waitForEvent('popup')
    await page.getByTestId('oauth-start').click()
    const popup = await popupOpened
    await expect(popup.locator('body')).toContainText('You chose not to let Parley use the account')
    await expect(page.getByTestId('connect-error')).toContainText('You chose not to let Parley use the account')
    await expect(page.getByTestId('oauth-waiting')).toBeHidden()
    await expect(page.getByTestId('account-card')).toHaveCount(0)
  })
})
