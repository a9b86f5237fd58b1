import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, stopParley, test } from './fixtures'

const run = promisify(execFile)

test('the Reports screen and `parley report weekly` give the same numbers for the same week', async ({ page, parley }, testInfo) => {
  await page.goto(parley.url)
  await expect(page.getByTestId('conversation-row').first()).toBeVisible()
  // g then r: the weekly summary, by default the last full week.
  await page.keyboard.press('g')
  await page.keyboard.press('r')
  await expect(page.getByTestId('report-week')).toHaveText(/^\d{4}-W\d{2}$/)
  const week = (await page.getByTestId('report-week').textContent())!
  const tiles = page.getByTestId('report-tile')
  await expect(tiles).toHaveCount(7)
  const onScreen: Record<string, number | null> = {}
  for (const tile of await tiles.all()) {
    const raw = (await tile.getAttribute('data-value'))!
    onScreen[(await tile.getAttribute('data-metric'))!] = raw === '' ? null : Number(raw)
  }
  // The demo workspace has a busy week: a report of zeros would prove nothing.
  expect(onScreen.received).toBeGreaterThan(0)
  expect(onScreen.repliesSent).toBeGreaterThan(0)
  await page.screenshot({ path: testInfo.outputPath('reports.png') })

  // The CLI opens the same workspace once the server has let go of it.
  await stopParley(parley)
  const out = mkdtempSync(join(tmpdir(), 'parley-report-'))
  try {
    const { stdout } = await run(process.execPath, ['bin/parley.mjs', 'report', 'weekly', '--week', week, '--format', 'json', '--out', out, '--data-dir', parley.dataDir], {
      env: { ...process.env, PARLEY_DATA_DIR: '' },
    })
    expect(stdout).toContain(`parley-weekly-${week}.json`)
    const json = JSON.parse(readFileSync(join(out, `parley-weekly-${week}.json`), 'utf8')) as { week: string; headline: Record<string, number | null> }
    expect(json.week).toBe(week)
    expect(json.headline).toEqual(onScreen)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})
