import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, startParley, stopParley, test } from './fixtures'

/** A port that was free a moment ago, so a restarted Parley can come back where the tab expects it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

test('the printed address signs the browser in once and leaves no token in the address or the page', async ({ page, parley, browser }) => {
  await page.goto(parley.url)
  await expect(page.getByTestId('conversation-row').first()).toBeVisible()
  await expect(page).not.toHaveURL(/token=/)
  const cookies = await page.context().cookies()
  const session = cookies.find((c) => c.name.startsWith('parley_session_'))
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' })
  // The page's script cannot read the session, and nothing is kept in its storage.
  expect(await page.evaluate(() => document.cookie)).toBe('')
  expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain(session!.value)

  // The same address in another browser profile (or from this one's history) opens nothing.
  const other = await browser.newContext()
  const second = await other.newPage()
  await second.goto(parley.url)
  await expect(second.getByTestId('no-token')).toContainText('This address was already used')
  await expect(second).not.toHaveURL(/token=/)
  await other.close()
})

test('a tab left open across a restart says Parley restarted and how to open it again', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-restart-'))
  const port = await freePort()
  try {
    const first = await startParley(['--demo', '--port', String(port)], dataDir)
    await page.goto(first.url)
    await expect(page.getByTestId('conversation-row').first()).toBeVisible()
    await stopParley(first)
    const restarted = await startParley(['--port', String(port)], dataDir)
    try {
      const screen = page.getByTestId('no-token')
      await expect(screen).toBeVisible()
      await expect(screen).toContainText('Parley restarted')
      await expect(screen).toContainText('open the new address that parley serve printed')
      await expect(page.getByText('Reconnecting…')).toHaveCount(0)
    } finally {
      await stopParley(restarted)
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})
