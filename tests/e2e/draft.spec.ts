import { expect, test } from './fixtures'

test('a reply draft survives a reload in browser mode with the demo workspace', async ({ page, parley }, testInfo) => {
  await page.goto(parley.url)
  // The token leaves the address bar once the app has it.
  await expect(page).not.toHaveURL(/token=/)

  const rows = page.getByTestId('conversation-row')
  await expect(rows.first()).toBeVisible()
  await expect(page.getByTestId('view-inbox').getByTestId('count')).not.toHaveText('0')

  // Open a conversation that can be replied to (feeds are read-only).
  const row = page.locator('[data-testid="conversation-row"]:not([data-kind="feed"])').first()
  const id = await row.getAttribute('data-id')
  await row.click()
  await expect(page.getByTestId('conversation-pane')).toBeVisible()
  await expect(page.getByTestId('message').first()).toBeVisible()

  const reply = `Thanks for flagging this! Could you send us your order number? (${Date.now()})`
  const composer = page.getByTestId('composer')
  await composer.click()
  await composer.fill(reply)
  await expect(page.getByTestId('draft-status')).toHaveText(/Saved/)

  await page.reload()
  await expect(page).not.toHaveURL(/token=/)
  await page.locator(`[data-testid="conversation-row"][data-id="${id}"]`).click()
  await expect(page.getByTestId('composer')).toHaveValue(reply)

  await page.screenshot({ path: testInfo.outputPath('draft-after-reload.png') })
  await testInfo.attach('draft-after-reload', { path: testInfo.outputPath('draft-after-reload.png'), contentType: 'image/png' })
})

test('the API refuses calls without the launch token', async ({ request, parley }) => {
  const without = await request.post(`${parley.origin}/api/call/views.counts`, { data: {} })
  expect(without.status()).toBe(401)
  const withToken = await request.post(`${parley.origin}/api/call/views.counts`, {
    data: {},
    headers: { Authorization: `Bearer ${parley.token}` },
  })
  expect(withToken.status()).toBe(200)
  const body = await withToken.json()
  expect(body.value.views.inbox).toBeGreaterThan(100)
})
