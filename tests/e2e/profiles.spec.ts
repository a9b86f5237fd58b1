import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, startParley, stopParley, test, type ParleyServer } from './fixtures'

/**
 * Profiles are identities: the first run asks the admin for a passphrase, and after a restart
 * (a new serve process on the same data folder) Parley opens locked on the last profile and
 * asks for it again, in Chromium against `parley serve --demo`.
 */
test.describe('first run and restart', () => {
  let dataDir = ''
  let parley: ParleyServer | null = null

  test.beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-profiles-'))
  })
  test.afterEach(async () => {
    if (parley) await stopParley(parley)
    parley = null
    rmSync(dataDir, { recursive: true, force: true })
  })

  test('set the admin passphrase on first run; after a restart the passphrase is asked again', async ({ page }) => {
    parley = await startParley(['--demo'], dataDir, {}, { firstRun: true })
    await page.goto(parley.url)
    const gate = page.getByTestId('profile-gate')
    await expect(gate).toHaveAttribute('data-mode', 'set')
    await expect(gate.getByRole('heading', { name: 'Protect Me with a passphrase' })).toBeVisible()
    // PARLEY_SCREENSHOTS=dir keeps the README's picture (1440 wide) and a 1024-wide check.
    const shots = process.env.PARLEY_SCREENSHOTS
    if (shots) {
      await page.screenshot({ path: join(shots, 'first-run-passphrase.png') })
      await page.setViewportSize({ width: 1024, height: 700 })
      await page.screenshot({ path: join(shots, 'first-run-passphrase-1024.png') })
      await page.setViewportSize({ width: 1440, height: 900 })
    }
    // Too short, then two that differ: plain words, nothing set.
    await page.getByTestId('gate-new-passphrase').fill('short')
    await page.getByTestId('gate-confirm-passphrase').fill('short')
    await page.getByTestId('gate-submit').click()
    await expect(page.getByTestId('gate-passphrase-problem')).toHaveText('A passphrase needs at least 8 characters.')
    await page.getByTestId('gate-new-passphrase').fill('purple kettle harbour')
    await page.getByTestId('gate-confirm-passphrase').fill('purple kettle harbor')
    await page.getByTestId('gate-submit').click()
    await expect(page.getByTestId('gate-passphrase-problem')).toHaveText('The two passphrases are not the same. Type them again.')
    await page.getByTestId('gate-confirm-passphrase').fill('purple kettle harbour')
    await page.getByTestId('gate-submit').click()
    await expect(gate).toBeHidden()
    await expect(page.getByTestId('profile-switcher')).toContainText('Me')
    await expect(page.getByTestId('profile-switcher')).not.toContainText('locked')

    // Restart: a new serve process on the same data folder.
    await stopParley(parley)
    parley = await startParley(['--demo'], dataDir, {}, { firstRun: true })
    await page.goto(parley.url)
    await expect(gate).toHaveAttribute('data-mode', 'unlock')
    await expect(gate.getByRole('heading', { name: 'Welcome back, Me' })).toBeVisible()
    // Locked, the admin's operations are refused in plain words, over the same API the page uses.
    const refused = await page.request.post(`${parley.origin}/api/call/policy.set`, {
      data: { undoWindowMs: 0 },
      headers: { Authorization: `Bearer ${parley.token}` },
    })
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      "Enter Me's passphrase first: until then Parley does not let anyone change the approval policy as Me.",
    )
    await page.getByTestId('gate-passphrase').fill('not my passphrase')
    await page.getByTestId('gate-submit').click()
    await expect(page.getByTestId('gate-error')).toHaveText('That passphrase is not the one for Me. Nothing was unlocked.')
    await page.getByTestId('gate-passphrase').fill('purple kettle harbour')
    await page.getByTestId('gate-submit').click()
    await expect(gate).toBeHidden()
    await expect(page.getByTestId('conversation-row').first()).toBeVisible()
  })

  test('change the passphrase in Settings (the old one is needed) and pick the theme', async ({ page }) => {
    parley = await startParley(['--demo'], dataDir)
    await page.goto(parley.url)
    await page.getByTestId('profile-switcher').click()
    await page.getByTestId('open-settings').click()
    const settings = page.getByTestId('settings')
    await page.getByTestId('theme-dark').check()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.getByTestId('settings-current-passphrase').fill('wrong passphrase')
    await page.getByTestId('settings-new-passphrase').fill('a much better one')
    await page.getByTestId('settings-confirm-passphrase').fill('a much better one')
    await page.getByTestId('settings-passphrase-submit').click()
    await expect(settings.getByTestId('settings-passphrase-error')).toHaveText('That is not your current passphrase. Nothing was changed.')
    await page.getByTestId('settings-current-passphrase').fill('e2e-admin-passphrase')
    await page.getByTestId('settings-passphrase-submit').click()
    await expect(page.getByText('Me’s passphrase is changed.')).toBeVisible()
    // The theme is kept with the workspace: a fresh page opens dark.
    await page.goto('about:blank')
    await page.evaluate(() => localStorage.clear()).catch(() => undefined)
    await page.goto(parley.url)
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  })
})
