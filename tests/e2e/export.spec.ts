import { readFileSync } from 'node:fs'
import { conversationExportSchema } from '../../src/shared/contract/operations-export'
import { builtInConnectors } from '../../src/main/features/connectors'
import { expect, test } from './fixtures'

test('a conversation exports from its header as HTML, PDF and JSON downloads, and the composer shows the platform limit', async ({ page, parley }, testInfo) => {
  await page.goto(parley.url)
  // A conversation on a platform whose manifest declares a reply limit, so the composer has one to show.
  const limited = builtInConnectors.filter((c) => c.manifest.replyLimit).map((c) => `[data-platform="${c.platform}"]`)
  const row = page.locator(`[data-testid="conversation-row"]:not([data-kind="feed"]):is(${limited.join(', ')})`).first()
  const id = Number(await row.getAttribute('data-id'))
  await row.click()
  await expect(page.getByTestId('message').first()).toBeVisible()

  const menu = page.getByTestId('conversation-export')
  await menu.locator('summary').click()
  await menu.getByTestId('export-format-pdf').check()
  await menu.getByTestId('export-format-json').check()
  await page.screenshot({ path: testInfo.outputPath('export-menu.png') })
  const downloads: import('@playwright/test').Download[] = []
  page.on('download', (d) => downloads.push(d))
  await menu.getByTestId('export-run').click()
  await expect(menu.getByRole('status')).toContainText(`parley-conversation-${id}.json`)
  await expect.poll(() => downloads.length).toBe(3)

  const byName = new Map(downloads.map((d) => [d.suggestedFilename(), d]))
  expect([...byName.keys()].sort()).toEqual([`parley-conversation-${id}.html`, `parley-conversation-${id}.json`, `parley-conversation-${id}.pdf`])
  const json = conversationExportSchema.parse(JSON.parse(readFileSync((await byName.get(`parley-conversation-${id}.json`)!.path())!, 'utf8')))
  expect(json.conversation.id).toBe(id)
  expect(json.messages.length).toBeGreaterThan(0)
  expect(readFileSync((await byName.get(`parley-conversation-${id}.pdf`)!.path())!).subarray(0, 5).toString()).toBe('%PDF-')
  const html = readFileSync((await byName.get(`parley-conversation-${id}.html`)!.path())!, 'utf8')
  expect(html).toContain("default-src 'none'")

  // The composer counts against the limit the conversation's platform declares in its manifest.
  const limit = builtInConnectors.find((c) => c.platform === json.channel?.platform)?.manifest.replyLimit?.maxLength
  expect(limit, `a reply limit for ${json.channel?.platform}`).toBeGreaterThan(0)
  await page.getByTestId('composer').fill('Thanks for writing in!')
  await expect(page.getByTestId('reply-count')).toHaveText(`22 / ${limit!.toLocaleString('en-US')}`)
  await page.screenshot({ path: testInfo.outputPath('composer-limits.png') })
})
