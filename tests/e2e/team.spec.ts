import { randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { TeamService } from '../../src/main/features/team/service'
import { startTeamServer, type RunningTeamServer } from '../../src/main/hosts/team/http'
import { postgresMissing, startPostgres, type PostgresCluster } from '../support/postgres'
import { expect, startParley, stopParley, test, type ParleyServer } from './fixtures'

/** Settings → Team and the top bar's sync indicator in Chromium, against a real team service on PostgreSQL. Screenshots go to PARLEY_SHOTS when set. */
test.describe('a laptop joins a team from Settings', () => {
  test.skip(postgresMissing() !== null, postgresMissing() ?? '')
  let cluster: PostgresCluster
  let service: TeamService
  let server: RunningTeamServer
  let parley: ParleyServer | null = null
  let dataDir = ''

  test.beforeAll(async () => {
    cluster = await startPostgres()
    service = await TeamService.open(await cluster.createDatabase('team_e2e'))
    server = await startTeamServer({ service, host: '127.0.0.1', port: 0, allowRemote: false })
  })
  test.afterAll(async () => {
    await server?.close()
    await service?.close()
    await cluster?.stop()
  })
  test.afterEach(async () => {
    if (parley) await stopParley(parley)
    parley = null
    rmSync(dataDir, { recursive: true, force: true })
  })

  async function shot(page: Page, name: string): Promise<void> {
    const dir = process.env.PARLEY_SHOTS
    if (!dir) return
    mkdirSync(dir, { recursive: true })
    await page.screenshot({ path: join(dir, `team-${name}.png`) })
  }

  const box = async (l: Locator) => (await l.boundingBox())!
  const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

  test('join with a code; the top bar says the team is synced; the team, its members and the last sync are shown at 1024 and 1440 px', async ({ page }) => {
    const { member: admin } = await service.createTeam({ name: 'Brand support', memberId: randomUUID(), memberName: 'Ada', profile: 'ada', key: randomBytes(32) })
    const code = await service.invite(admin, 'supervisor', 'Sam')
    dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-team-'))
    parley = await startParley(['--demo', '--vault', 'file'], dataDir, { PARLEY_VAULT_PASSPHRASE: 'e2e passphrase' })
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(parley.url)
    await expect(page.getByTestId('conversation-row').first()).toBeVisible()
    await expect(page.getByTestId('team-sync')).toHaveCount(0)

    await page.getByTestId('profile-switcher').click()
    await page.getByTestId('open-settings').click()
    const team = page.getByTestId('team-settings')
    await team.getByTestId('team-server').fill(server.url)
    await team.getByTestId('team-code').fill('not-a-code')
    await team.getByTestId('team-passphrase').fill('sam team passphrase')
    await team.getByTestId('team-join').click()
    await expect(team.getByTestId('team-join-error')).toContainText('That join code is unknown')
    await team.getByTestId('team-code').fill(code)
    await team.getByTestId('team-join').click()
    await expect(team.getByTestId('team-name')).toHaveText('Brand support')
    await expect(team.getByTestId('team-members')).toContainText('Ada')
    await expect(team.getByTestId('team-members')).toContainText('Sam')
    await expect(team.getByTestId('team-last-sync')).toHaveText('just now')
    await expect(page.getByTestId('team-sync')).toHaveText('Team synced')
    await shot(page, 'settings-1440')

    await page.keyboard.press('Escape')
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: width === 1024 ? 700 : 900 })
      const indicator = page.getByTestId('team-sync')
      await expect(indicator).toBeVisible()
      // Nothing in the top bar lies on the indicator, and it lies on nothing.
      const mine = await box(indicator)
      for (const other of [page.getByTestId('search').locator('.field'), page.getByTestId('nav-settings'), page.getByTestId('profile-switcher').first()]) {
        expect(overlap(mine, await box(other))).toBe(false)
      }
      expect(mine.x + mine.width).toBeLessThanOrEqual(width)
      await shot(page, `topbar-${width}`)
    }
    await page.getByTestId('profile-switcher').click()
    await page.getByTestId('open-settings').click()
    await expect(page.getByTestId('team-name')).toBeVisible()
    await shot(page, 'settings-1024')
  })

  test('an admin invites a member with a code that joins, and removes one after confirming, at 1440 and 1024 px', async ({ page }) => {
    const { member: ada } = await service.createTeam({ name: 'Brand support', memberId: randomUUID(), memberName: 'Ada', profile: 'ada', key: randomBytes(32) })
    const code = await service.invite(ada, 'admin', 'Zoe')
    dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-team-admin-'))
    parley = await startParley(['--demo', '--vault', 'file'], dataDir, { PARLEY_VAULT_PASSPHRASE: 'e2e passphrase' })
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: width === 1024 ? 700 : 900 })
      await page.goto(parley.url)
      await expect(page.getByTestId('conversation-row').first()).toBeVisible()
      await page.getByTestId('profile-switcher').click()
      await page.getByTestId('open-settings').click()
      const team = page.getByTestId('team-settings')
      if (width === 1440) {
        await team.getByTestId('team-server').fill(server.url)
        await team.getByTestId('team-code').fill(code)
        await team.getByTestId('team-passphrase').fill('zoe team passphrase')
        await team.getByTestId('team-join').click()
      }
      await expect(team.getByTestId('team-name')).toHaveText('Brand support')

      // Zoe, an admin, makes a join code for Kim; it is a real code: Kim's laptop joins with it.
      const name = width === 1440 ? 'Kim' : 'Lee'
      await team.getByTestId('team-invite-name').fill(name)
      await team.getByTestId('team-invite-role').selectOption('supervisor')
      await team.getByTestId('team-invite').click()
      const shown = team.getByTestId('team-invite-code')
      await expect(shown).toContainText(`Give ${name} this code`)
      const inviteCode = await shown.locator('input').inputValue()
      const key = randomBytes(32)
      const joined = await service.join({ code: inviteCode, memberId: randomUUID(), profile: name.toLowerCase(), key })
      expect(joined.member).toMatchObject({ name, role: 'supervisor' })
      expect(await service.authenticate(joined.member.id, key)).not.toBeNull()
      await team.getByTestId('team-sync-now').click()
      await expect(team.getByTestId(`team-member-${name}`)).toBeVisible()

      // Removing asks first; the confirmation fits the row, and the settings panel scrolls no wider than the window.
      await team.getByTestId(`team-member-${name}`).getByTestId('team-remove').click()
      const row = team.getByTestId(`team-member-${name}`)
      await expect(row).toContainText(`Remove ${name}? Their laptops stop syncing.`)
      const confirm = row.getByTestId('team-remove-confirm')
      await confirm.scrollIntoViewIfNeeded()
      const [rowBox, buttonBox] = [await box(row), await box(confirm)]
      expect(buttonBox.x + buttonBox.width).toBeLessThanOrEqual(rowBox.x + rowBox.width + 1)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
      await shot(page, `admin-${width}`)
      await confirm.click()
      await expect(team.getByTestId(`team-member-${name}`)).toHaveCount(0)
      expect(await service.authenticate(joined.member.id, key)).toBeNull()
      expect((await service.members(ada)).map((m) => m.name)).not.toContain(name)
      await page.keyboard.press('Escape')
    }
  })
})
