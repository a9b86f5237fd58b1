import type { MenuItemConstructorOptions } from 'electron'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Counts, SessionProfile } from '../../src/shared/contract'
import { replySummary } from '../../src/main/features/approval/change'
import { appMenu } from '../../src/main/hosts/electron/app-menu'
import { attentionCount, attentionLabel } from '../../src/main/hosts/electron/attention'
import { defaultSettings } from '../../src/main/hosts/electron/desktop-settings'
import { noticeFor } from '../../src/main/hosts/electron/notifications'
import { trayIconPath, trayMenu } from '../../src/main/hosts/electron/tray'
import { ADMIN_PASSPHRASE, callApi, expect, test } from './fixtures'

/**
 * The README's picture of the desktop app: Electron's runtime cannot run on the build
 * machines, so the shell's tray and notification are drawn over browser mode, from the
 * shell's own parts: the tray icon file it picks, the count it computes, its tray menu,
 * its application menu's titles and the notification it builds for a real event of a
 * `parley serve --demo` workspace. Writes only when PARLEY_SCREENSHOTS names a folder
 * (`PARLEY_SCREENSHOTS=docs/screenshots npx playwright test tests/e2e/desktop-screenshot.spec.ts`).
 */
const shots = process.env.PARLEY_SCREENSHOTS
test.skip(!shots, 'draws the README picture only when PARLEY_SCREENSHOTS names a folder')

const BAR = 30
const noop = (): void => undefined
const png = (path: string): string => `data:image/png;base64,${readFileSync(path).toString('base64')}`
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** macOS titles for the menu roles Electron fills in itself. */
const ROLE_TITLES: Record<string, string> = { editMenu: 'Edit', windowMenu: 'Window', help: 'Help' }

test('the tray with its menu open and an approval notification, over the inbox', async ({ parley, page, request }) => {
  const call = <T>(op: string, data: unknown): Promise<T> => callApi<T>(request, parley, op, data)

  // A real state of the demo workspace: three conversations assigned to the admin, and an agent's reply waiting for approval.
  const me = await call<SessionProfile>('profiles.current', {})
  const inbox = await call<{ items: { id: number; kind: string }[] }>('conversations.list', { view: 'inbox', limit: 20 })
  // Feed entries are read-only: the agent answers the newest conversation that can be answered.
  const [replied, ...rest] = inbox.items.filter((c) => c.kind !== 'feed')
  await call('conversations.assign', { ids: rest.slice(0, 3).map((c) => c.id), profileId: me.id })
  const sam = await call<{ id: number }>('profiles.create', { name: 'Sam', role: 'agent' })
  await call('profiles.switch', { profileId: sam.id })
  await call('drafts.save', { conversationId: replied!.id, body: 'Thanks for asking! The Commuter battery charges fully in about four hours, and the charger comes in the box.' })
  const submitted = await call<{ approval: { id: string } | null }>('approvals.submit', { conversationId: replied!.id })
  expect(submitted.approval, 'an agent’s reply waits for approval').not.toBeNull()
  await call('profiles.switch', { profileId: me.id, passphrase: ADMIN_PASSPHRASE })

  // What the shell computes from the same contract calls (main.ts: views.counts + profiles.current).
  const counts = await call<Counts>('views.counts', {})
  const count = attentionCount(counts, me.role)
  expect(count).toBe(4)
  const [approval] = await call<{ id: string; conversationId: number; author: { id: number }; body: string }[]>('approvals.list', { status: 'pending' })
  // The approvals.changed payload the core emits for a submitted request (src/main/features/approval/change.ts).
  const event = { conversationId: approval!.conversationId, approvalId: approval!.id, kind: 'submitted', authorId: approval!.author.id, decidedBy: null, summary: replySummary(approval!.body) }
  const notice = noticeFor('approvals.changed', event, { me, windowOpen: false, windowFocused: false })
  expect(notice).not.toBeNull()
  const menu = trayMenu(count, false, { open: noop, setSyncPaused: noop, quit: noop })
  const titles = appMenu('darwin', defaultSettings(), { navigate: noop, checkForUpdates: noop, setNotify: noop, setCloseToTray: noop, setStartAtLogin: noop, quit: noop }, true).map(
    (item: MenuItemConstructorOptions) => item.label ?? ROLE_TITLES[item.role as string] ?? '',
  )
  const icon = png(`${trayIconPath(join('resources', 'tray'), false, count > 0).replace(/\.png$/, '')}@2x.png`)
  const appIcon = png(join('resources', 'icons', '64x64.png'))

  // The inbox as the window shows it, below the menu bar.
  await page.setViewportSize({ width: 1440, height: 900 - BAR })
  await page.goto(parley.url)
  // A conversation other than the one Sam answered, whose composer would show Sam's presence.
  await page.locator('[data-testid="conversation-row"]:not([data-kind="feed"])').nth(4).click()
  await expect(page.getByTestId('composer')).toBeVisible()
  await page.getByRole('button', { name: 'Dismiss' }).evaluateAll((buttons) => buttons.forEach((b) => (b as unknown as { click(): void }).click()))
  const windowShot = `data:image/png;base64,${(await page.screenshot()).toString('base64')}`

  const menuItems = menu
    .map((item) =>
      item.type === 'separator'
        ? '<div class="sep"></div>'
        : `<div class="item"><span class="check">${item.checked ? '✓' : ''}</span>${escape(item.label ?? '')}</div>`,
    )
    .join('')
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.setContent(`<!doctype html><html><head><style>
    * { box-sizing: border-box; margin: 0; }
    body { width: 1440px; height: 900px; overflow: hidden; font: 14px system-ui, 'DejaVu Sans', sans-serif; color: #1d1d1f; background: #222; }
    .bar { position: absolute; inset: 0 0 auto 0; height: ${BAR}px; display: flex; align-items: center; gap: 20px; padding: 0 14px; background: #ececec; border-bottom: 1px solid #c8c8c8; }
    .bar b { font-weight: 700; }
    .spacer { flex: 1; }
    .tray { display: flex; align-items: center; gap: 5px; padding: 2px 8px; height: 24px; border-radius: 5px; background: #c9d7f2; }
    .tray img { width: 18px; height: 18px; }
    .tray span { font-weight: 600; }
    .window { position: absolute; top: ${BAR}px; left: 0; width: 1440px; height: ${900 - BAR}px; }
    .menu { position: absolute; top: ${BAR + 2}px; right: 170px; width: 250px; padding: 5px; background: #f6f6f6; border: 1px solid #bdbdbd; border-radius: 8px; box-shadow: 0 10px 28px rgba(0,0,0,.3); }
    .item { display: flex; align-items: center; height: 26px; padding: 0 8px 0 4px; border-radius: 4px; }
    .item:first-child { background: #2f6fdf; color: #fff; }
    .check { width: 20px; text-align: center; }
    .sep { height: 1px; margin: 5px 8px; background: #d0d0d0; }
    .notice { position: absolute; top: ${BAR + 130}px; right: 16px; width: 380px; display: flex; gap: 12px; padding: 14px; background: rgba(246,246,246,.97); border: 1px solid #c4c4c4; border-radius: 14px; box-shadow: 0 10px 30px rgba(0,0,0,.3); }
    .notice img { width: 40px; height: 40px; }
    .notice .app { font-size: 12px; color: #6b6b6b; display: flex; justify-content: space-between; }
    .notice .title { font-weight: 700; margin-top: 2px; }
    .notice .body { margin-top: 2px; line-height: 1.35; }
  </style></head><body>
    <img class="window" src="${windowShot}" alt="">
    <div class="bar">${titles.map((t, i) => (i === 0 ? `<b>${escape(t)}</b>` : `<span>${escape(t)}</span>`)).join('')}
      <div class="spacer"></div>
      <div class="tray" data-testid="tray" title="${escape(attentionLabel(count, false))}"><img src="${icon}" alt=""><span>${count}</span></div>
      <span>Mon 7 Dec 09:41</span>
    </div>
    <div class="menu" data-testid="tray-menu">${menuItems}</div>
    <div class="notice" data-testid="notice"><img src="${appIcon}" alt=""><div>
      <div class="app"><span>PARLEY</span><span>now</span></div>
      <div class="title">${escape(notice!.title)}</div>
      <div class="body">${escape(notice!.body)}</div>
    </div></div>
  </body></html>`)
  await expect(page.getByTestId('tray-menu')).toContainText(`Open Parley (${count} waiting)`)
  await page.screenshot({ path: join(shots!, 'desktop-tray-notification.png') })
})
