import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { startBlueskyFake, type BlueskyFake } from '../../src/main/features/connectors/bluesky/fake-server'
import { FEED_PATHS, startFeedFake, type FeedFake } from '../../src/main/features/connectors/feed/fake-server'
import { startMastodonFake, type MastodonFake } from '../../src/main/features/connectors/mastodon/fake-server'
import { HOSTILE_FEED_TITLE, plantBluesky, plantFeed, plantMastodon } from '../support/hostile'
import { expect, startParley, stopParley, test, type ParleyServer } from './fixtures'

/**
 * The hostile corpus (tests/fixtures/hostile) served by the Mastodon, Bluesky and
 * feed fakes into a real workspace, then every conversation opened in Chromium:
 * no script runs, nothing is fetched from outside loopback, and every link shows
 * where it really goes.
 */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

test.describe('hostile channel content in the browser', () => {
  let mastodon: MastodonFake
  let bluesky: BlueskyFake
  let feed: FeedFake
  let parley: ParleyServer
  let dataDir: string

  test.beforeAll(async () => {
    mastodon = await startMastodonFake({ seed: false })
    bluesky = await startBlueskyFake({ seed: false })
    feed = await startFeedFake({ title: HOSTILE_FEED_TITLE, windowSize: 100 })
    plantMastodon(mastodon)
    plantBluesky(bluesky)
    plantFeed(feed)
    dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-hostile-'))
    parley = await startParley(['--vault', 'file'], dataDir, { PARLEY_VAULT_PASSPHRASE: 'e2e passphrase' })
  })
  test.afterAll(async () => {
    await stopParley(parley)
    await Promise.all([mastodon.close(), bluesky.close(), feed.close()])
    rmSync(dataDir, { recursive: true, force: true })
  })

  async function call<T>(page: Page, op: string, input: unknown): Promise<T> {
    const res = await page.request.post(`${parley.origin}/api/call/${op}`, { data: input, headers: { Authorization: `Bearer ${parley.token}` } })
    const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } }
    if (!body.ok) throw new Error(`${op}: ${body.error?.message}`)
    return body.value as T
  }

  test('no script runs, nothing leaves loopback, links show their real host', async ({ page }, testInfo) => {
    test.setTimeout(180_000)
    const outside: string[] = []
    const dialogs: string[] = []
    const popups: string[] = []
    // Every request the page makes, of any kind, is checked; anything not on loopback is recorded and never sent.
    await page.context().route('**/*', async (route) => {
      const url = new URL(route.request().url())
      if ((url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:') && LOOPBACK.has(url.hostname)) return route.continue()
      if (url.protocol === 'data:' || url.protocol === 'blob:') return route.continue()
      outside.push(route.request().url())
      return route.abort()
    })
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    page.on('popup', (p) => popups.push(p.url()))
    // A payload that runs would set this; so would one that reaches a parent or opener.
    await page.addInitScript(() => {
      Object.defineProperty(window, '__pwned', {
        configurable: false,
        set(value: unknown) {
          document.documentElement.setAttribute('data-pwned', String(value))
        },
      })
    })

    await call(page, 'accounts.add', { platform: 'mastodon', fields: { instance: mastodon.url, token: mastodon.token } })
    await call(page, 'accounts.add', { platform: 'bluesky', fields: { service: bluesky.url, handle: bluesky.brand.handle, appPassword: 'lumn-4pp2-pass-w0rd' } })
    await call(page, 'accounts.add', { platform: 'feed', fields: { url: `${feed.url}${FEED_PATHS.rss}` } })
    // The first poll of each stream runs by itself; wait for all of them, never a sleep.
    await expect
      .poll(async () => {
        const health = await call<{ streams: { lastSuccessAt: number | null }[] }[]>(page, 'accounts.health', {})
        return health.length === 3 && health.every((a) => a.streams.every((s) => s.lastSuccessAt !== null))
      }, { timeout: 60_000 })
      .toBe(true)
    const list = await call<{ items: { id: number }[] }>(page, 'conversations.list', { view: 'inbox', limit: 200 })
    expect(list.items.length).toBeGreaterThan(100)

    await page.goto(parley.url)
    // Keys act once the app is on screen (before that nobody listens for them).
    await expect(page.getByTestId('conversation-row').first()).toBeVisible()
    // The channels screen shows feed titles and account names.
    await page.keyboard.press('g')
    await page.keyboard.press('c')
    await expect(page.getByTestId('channels-screen')).toBeVisible()
    await expect(page.getByTestId('account-card')).toHaveCount(3)
    await page.screenshot({ path: testInfo.outputPath('channels.png') })
    await page.keyboard.press('Escape')
    await page.getByTestId('view-inbox').click()

    const pane = page.getByTestId('conversation-pane')
    await page.getByTestId('conversation-row').first().click()
    const seen = new Set<string>()
    const problems: string[] = []
    for (let i = 0; i < list.items.length; i++) {
      if (i > 0) {
        const before = await pane.getAttribute('data-conversation-id')
        await page.keyboard.press('j')
        await page.keyboard.press('Enter')
        await expect(pane).not.toHaveAttribute('data-conversation-id', before ?? '')
      }
      await expect(pane.getByTestId('message').first()).toBeVisible()
      seen.add((await pane.getAttribute('data-conversation-id')) ?? '')
      problems.push(...(await page.evaluate(inspect)))
      if (i === 0) await page.screenshot({ path: testInfo.outputPath('first-hostile.png') })
    }

    expect(seen.size).toBe(list.items.length)
    expect(problems).toEqual([])
    expect(await page.locator('html').getAttribute('data-pwned')).toBeNull()
    expect(dialogs).toEqual([])
    expect(popups).toEqual([])
    expect(outside).toEqual([])
  })
})

/**
 * Runs in the page after each conversation opens: every link's target is
 * http(s)/mailto and its host is visible (in its text, or the host note after it);
 * no bidi controls reach the screen; no channel markup is positioned over the app.
 */
function inspect(): string[] {
  const problems: string[] = []
  const pane = document.querySelector('[data-testid="conversation-pane"]')!
  const shownHost = (text: string): string =>
    text.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').split(/[/?#\s]/)[0]!
  for (const a of Array.from(pane.querySelectorAll('a'))) {
    const href = a.getAttribute('href')
    if (href === null) continue
    let url: URL
    try {
      url = new URL(href)
    } catch {
      problems.push(`unparseable href ${href}`)
      continue
    }
    if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) problems.push(`link to ${url.protocol} ${href}`)
    if (!a.closest('.safe-html') || url.protocol === 'mailto:') continue
    const text = a.textContent ?? ''
    if (/^\s*[@#]/.test(text)) continue // mentions and hashtags name a profile or tag, not a destination
    const host = url.hostname.replace(/^www\./, '')
    const note = a.nextElementSibling?.classList.contains('link-host') ? a.nextElementSibling.textContent : null
    if (shownHost(text) !== host && note !== host) problems.push(`link "${text}" goes to ${host} without saying so`)
  }
  const visible = (pane as HTMLElement).innerText
  if (/[\u202A-\u202E\u2066-\u2069]/.test(visible)) problems.push(`bidi control on screen: ${JSON.stringify(visible.slice(0, 200))}`)
  for (const el of Array.from(pane.querySelectorAll('.safe-html *'))) {
    const style = getComputedStyle(el)
    if (style.position === 'fixed' || style.position === 'absolute') problems.push(`positioned channel markup: ${el.outerHTML.slice(0, 120)}`)
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name) || ['style', 'class', 'id', 'src', 'srcset'].includes(attr.name.toLowerCase())) {
        if (!(el.classList.contains('link-host') && attr.name === 'class')) problems.push(`attribute ${attr.name} on ${el.localName}`)
      }
    }
  }
  return problems
}
