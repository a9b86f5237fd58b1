import { EventEmitter } from 'node:events'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallResult, EventName, Profile } from '../../src/shared/contract'
import { appMenu, type MenuActions } from '../../src/main/hosts/electron/app-menu'
import { attentionCount, attentionLabel } from '../../src/main/hosts/electron/attention'
import { showBadge } from '../../src/main/hosts/electron/badge'
import { defaultSettings, openDesktopSettings } from '../../src/main/hosts/electron/desktop-settings'
import { createNavigator } from '../../src/main/hosts/electron/navigator'
import { createNotifier, noticeFor, type NoticeContext } from '../../src/main/hosts/electron/notifications'
import { claimSingleInstance } from '../../src/main/hosts/electron/single-instance'
import { pauseAllSync, resumeSync } from '../../src/main/hosts/electron/sync-pause'
import { createAttentionTray, trayMenu } from '../../src/main/hosts/electron/tray'
import { rememberBounds, restoreBounds } from '../../src/main/hosts/electron/window-state'

/** The desktop parts of the shell, each driven with stand-ins for the Electron objects it is given. */
const views = { inbox: 30, unassigned: 4, mine: 3, needs_approval: 2, pending: 1, snoozed: 0, done: 9 }
const supervisor: Profile = { id: 1, name: 'Ines', role: 'supervisor' }
const agent: Profile = { id: 2, name: 'Tom', role: 'agent' }

describe('attention count', () => {
  it('is Mine, plus Needs approval for whoever approves', () => {
    expect(attentionCount({ views }, agent.role)).toBe(3)
    expect(attentionCount({ views }, supervisor.role)).toBe(5)
    expect(attentionCount({ views }, 'admin')).toBe(5)
    expect(attentionCount({ views }, null)).toBe(3)
    expect(attentionLabel(0, false)).toBe('Parley: Nothing needs you')
    expect(attentionLabel(1, true)).toBe('Parley: 1 conversation needs you (sync paused)')
    expect(attentionLabel(5, false)).toBe('Parley: 5 conversations need you')
  })
})

describe('tray', () => {
  function fakeTray(dark = false) {
    const state = { image: '', tooltip: '', title: '', menu: [] as MenuItemConstructorOptions[], clicks: new EventEmitter() }
    const done: string[] = []
    const tray = createAttentionTray(
      {
        createTray: (image) => {
          state.image = image as unknown as string
          return {
            setImage: (i: unknown) => void (state.image = i as string),
            setToolTip: (t: string) => void (state.tooltip = t),
            setTitle: (t: string) => void (state.title = t),
            setContextMenu: (m: unknown) => void (state.menu = m as MenuItemConstructorOptions[]),
            on: (event: string, fn: () => void) => state.clicks.on(event, fn),
            destroy: () => undefined,
          } as never
        },
        buildMenu: (template) => template as never,
        image: (path) => path as never,
        iconDir: '/res/tray',
        darkMenuBar: () => dark,
      },
      { open: () => done.push('open'), setSyncPaused: (p) => done.push(`paused:${p}`), quit: () => done.push('quit') },
    )
    return { state, done, tray }
  }

  it('shows the count on the icon (unread dot), beside it and in the tooltip, for the menu bar\'s shade', () => {
    const { state, tray } = fakeTray()
    expect(state.image).toBe('/res/tray/tray-light.png')
    tray.update(5, false)
    expect(state).toMatchObject({ image: '/res/tray/tray-light-unread.png', title: '5', tooltip: 'Parley: 5 conversations need you' })
    tray.update(0, true)
    expect(state).toMatchObject({ image: '/res/tray/tray-light.png', title: '', tooltip: 'Parley: Nothing needs you (sync paused)' })
    const dark = fakeTray(true)
    dark.tray.update(1, false)
    expect(dark.state.image).toBe('/res/tray/tray-dark-unread.png')
  })

  it('has a menu to open, pause or resume sync, and quit; a click on the icon opens', () => {
    const { state, done, tray } = fakeTray()
    tray.update(2, false)
    const [open, pause, , quit] = state.menu
    expect(open!.label).toBe('Open Parley (2 waiting)')
    expect(pause).toMatchObject({ label: 'Pause sync', type: 'checkbox', checked: false })
    open!.click!({} as never, undefined, {} as never)
    pause!.click!({} as never, undefined, {} as never)
    quit!.click!({} as never, undefined, {} as never)
    state.clicks.emit('click')
    expect(done).toEqual(['open', 'paused:true', 'quit', 'open'])
    const paused = trayMenu(0, true, { open: () => undefined, quit: () => undefined, setSyncPaused: (p) => done.push(`paused:${p}`) })
    paused[1]!.click!({} as never, undefined, {} as never)
    expect(done.at(-1)).toBe('paused:false')
  })
})

describe('badge', () => {
  const app = (supported: boolean) => {
    const set: number[] = []
    return { set, app: { setBadgeCount: (n?: number) => (set.push(n!), supported) } }
  }
  it('sets the dock or launcher count and clears it at zero, and says when the launcher has none', () => {
    const mac = app(true)
    expect(showBadge({ platform: 'darwin', app: mac.app, window: null, overlay: () => null as never }, 4)).toBe(true)
    expect(showBadge({ platform: 'darwin', app: mac.app, window: null, overlay: () => null as never }, 0)).toBe(true)
    expect(mac.set).toEqual([4, 0])
    const unity = app(true)
    showBadge({ platform: 'linux', app: unity.app, window: null, overlay: () => null as never }, 2)
    expect(unity.set).toEqual([2])
    const gnome = app(false)
    expect(showBadge({ platform: 'linux', app: gnome.app, window: null, overlay: () => null as never }, 2)).toBe(false)
  })

  it('puts an overlay on the Windows taskbar button while something waits', () => {
    const overlays: unknown[][] = []
    const window = { setOverlayIcon: (...args: unknown[]) => void overlays.push(args) }
    const target = { platform: 'win32' as const, app: app(false).app, window, overlay: () => 'dot' as never }
    showBadge(target, 3)
    showBadge(target, 0)
    expect(overlays).toEqual([['dot', '3 conversations need you'], [null, '']])
  })
})

describe('native notifications', () => {
  const closed: NoticeContext = { me: supervisor, windowOpen: false, windowFocused: false }
  const submitted = { conversationId: 8, approvalId: 'a1', kind: 'submitted' as const, authorId: 2, decidedBy: null, summary: 'Thanks for waiting' }
  const alert = { topicId: 3, topicName: 'Outage', ruleName: null, conversationId: 9, messageId: 77, authorName: 'Ana', text: '<b>down</b> again', notify: true }

  it('tells a supervisor about a reply waiting for approval, not the author, not an agent', () => {
    expect(noticeFor('approvals.changed', submitted, closed)).toMatchObject({ kind: 'approvals', title: 'Reply waiting for your approval', body: '“Thanks for waiting”', conversationId: 8 })
    expect(noticeFor('approvals.changed', submitted, { ...closed, me: agent })).toBeNull()
    expect(noticeFor('approvals.changed', { ...submitted, authorId: 1 }, closed)).toBeNull()
    expect(noticeFor('approvals.changed', { ...submitted, kind: 'approved', decidedBy: 1 }, closed)).toBeNull()
  })

  it('tells tracked-topic alerts whose topic notifies, as plain text', () => {
    expect(noticeFor('listening.alert', alert, closed)).toMatchObject({ kind: 'alerts', title: 'Tracked: Outage', body: 'Ana: <b>down</b> again', conversationId: 9 })
    expect(noticeFor('listening.alert', { ...alert, notify: false }, closed)).toBeNull()
    expect(noticeFor('listening.alert', { ...alert, ruleName: 'VIP' }, closed)?.title).toBe("Rule 'VIP'")
  })

  it('leaves alerts and approvals to the open window, which shows its own', () => {
    expect(noticeFor('listening.alert', alert, { ...closed, windowOpen: true })).toBeNull()
    expect(noticeFor('approvals.changed', submitted, { ...closed, windowOpen: true })).toBeNull()
  })

  it('tells replies sent, failed or unconfirmed while the window is not in front', () => {
    const item = (state: string) => ({ conversationId: 5, itemId: 'o1', state, held: false })
    expect(noticeFor('outbox.changed', item('sent'), closed)).toMatchObject({ kind: 'replies', title: 'Reply sent', conversationId: 5 })
    expect(noticeFor('outbox.changed', item('failed'), { ...closed, windowOpen: true })).toMatchObject({ title: 'A reply could not be sent' })
    expect(noticeFor('outbox.changed', item('unconfirmed'), closed)?.title).toBe('A reply may not have been sent')
    expect(noticeFor('outbox.changed', item('queued'), closed)).toBeNull()
    expect(noticeFor('outbox.changed', item('sent'), { ...closed, windowFocused: true })).toBeNull()
    expect(noticeFor('counts.changed', { views, accounts: [] }, closed)).toBeNull()
  })

  it('tells a coverage alert to the profiles it names, and a click opens Channels', () => {
    const coverage = {
      id: 4, kind: 'account', accountId: 2, accountName: 'Lumen', platform: 'mastodon', stream: null, streamLabel: null,
      since: 1, raisedAt: 1, resolvedAt: null, title: 'Lumen (Mastodon) needs reconnecting', body: 'Nothing reaches Parley.', causes: [], profileIds: [supervisor.id],
    }
    expect(noticeFor('coverage.alert', coverage, closed)).toMatchObject({ kind: 'alerts', title: 'Lumen (Mastodon) needs reconnecting', conversationId: null })
    expect(noticeFor('coverage.alert', { ...coverage, profileIds: [supervisor.id + 1] }, closed)).toBeNull()
    expect(noticeFor('coverage.alert', coverage, { ...closed, windowOpen: true })).toBeNull()
    const opened: string[] = []
    const clicks: EventEmitter[] = []
    const notify = createNotifier({
      markupBody: false,
      isSupported: () => true,
      create: () => {
        const click = new EventEmitter()
        clicks.push(click)
        return { on: (event, fn) => click.on(event, fn), show: () => undefined }
      },
      settings: () => defaultSettings(),
      context: () => closed,
      openConversation: () => opened.push('conversation'),
      openChannels: () => opened.push('channels'),
    })
    notify('coverage.alert', coverage)
    clicks[0]!.emit('click')
    expect(opened).toEqual(['channels'])
  })

  it('shows each notice once, only when its kind is on, and a click opens the conversation', () => {
    const shown: { title: string; click: EventEmitter }[] = []
    const opened: (number | string)[] = []
    const settings = defaultSettings()
    const notify = createNotifier({
      markupBody: false,
      isSupported: () => true,
      create: (options) => {
        const click = new EventEmitter()
        shown.push({ title: options.title!, click })
        return { on: (event, fn) => click.on(event, fn), show: () => undefined }
      },
      settings: () => settings,
      context: () => closed,
      openConversation: (id) => opened.push(id),
      openChannels: () => opened.push('channels'),
    })
    const send = (name: EventName, payload: unknown) => notify(name, payload)
    send('approvals.changed', submitted)
    send('approvals.changed', submitted)
    settings.notify.alerts = false
    send('listening.alert', alert)
    send('outbox.changed', { conversationId: 5, itemId: 'o1', state: 'failed', held: false })
    expect(shown.map((s) => s.title)).toEqual(['Reply waiting for your approval', 'A reply could not be sent'])
    shown[1]!.click.emit('click')
    expect(opened).toEqual([5])
  })

  it('escapes channel text where the notification body is markup (Linux)', () => {
    const bodies: string[] = []
    const notify = createNotifier({
      markupBody: true,
      isSupported: () => true,
      create: (options) => (bodies.push(options.body!), { on: () => undefined, show: () => undefined }),
      settings: () => defaultSettings(),
      context: () => closed,
      openConversation: () => undefined,
      openChannels: () => undefined,
    })
    notify('listening.alert', { ...alert, text: '<a href="https://evil.example">win</a> & more' })
    expect(bodies).toEqual(['Ana: &lt;a href="https://evil.example"&gt;win&lt;/a&gt; &amp; more'])
  })
})

describe('desktop settings file', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('starts from the defaults, keeps changes across opens, and is readable by its owner only', () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-desktop-'))
    const first = openDesktopSettings(dir, () => undefined)
    expect(first.get()).toEqual({ notify: { alerts: true, approvals: true, replies: true }, closeToTray: false, startAtLogin: false, window: null, pausedByTray: [] })
    first.update({ closeToTray: true, notify: { alerts: false, approvals: true, replies: true } })
    expect(openDesktopSettings(dir, () => undefined).get()).toMatchObject({ closeToTray: true, notify: { alerts: false } })
    expect(statSync(join(dir, 'desktop-settings.json')).mode & 0o777).toBe(0o600)
  })

  it('keeps a file it cannot read beside it and says so, instead of overwriting it', () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-desktop-'))
    writeFileSync(join(dir, 'desktop-settings.json'), '{"closeToTray": "yes please"')
    const said: string[] = []
    expect(openDesktopSettings(dir, (m) => said.push(m)).get()).toEqual(defaultSettings())
    expect(readFileSync(join(dir, 'desktop-settings.json.unreadable'), 'utf8')).toBe('{"closeToTray": "yes please"')
    expect(existsSync(join(dir, 'desktop-settings.json'))).toBe(false)
    expect(said[0]).toMatch(/could not read its desktop settings.*kept the file/)
  })
})

describe('window place and size', () => {
  const screens = [{ x: 0, y: 0, width: 1920, height: 1040 }]
  const min = { width: 1024, height: 600 }
  it('comes back where it was when that is still on a screen', () => {
    const saved = { x: 100, y: 50, width: 1400, height: 900, maximized: true }
    expect(restoreBounds(saved, screens, min)).toEqual(saved)
    expect(restoreBounds({ ...saved, width: 300 }, screens, min)?.width).toBe(1024)
  })
  it('opens centred when the screen it was on is gone, or nothing was saved', () => {
    expect(restoreBounds({ x: 2500, y: 100, width: 1200, height: 800, maximized: false }, screens, min)).toBeNull()
    expect(restoreBounds({ x: 100, y: -700, width: 1200, height: 800, maximized: false }, screens, min)).toBeNull()
    expect(restoreBounds(null, screens, min)).toBeNull()
  })
  it('is saved when the window closes', () => {
    const window = Object.assign(new EventEmitter(), { getNormalBounds: () => ({ x: 5.4, y: 6, width: 1300, height: 850 }), isMaximized: () => true })
    const saved: unknown[] = []
    rememberBounds(window as never, (b) => saved.push(b))
    window.emit('close')
    expect(saved).toEqual([{ x: 5, y: 6, width: 1300, height: 850, maximized: true }])
  })
})

describe('application menu', () => {
  const calls: unknown[] = []
  const actions: MenuActions = {
    navigate: (t) => calls.push(t),
    checkForUpdates: () => calls.push('updates'),
    setNotify: (k, on) => calls.push(`${k}:${on}`),
    setCloseToTray: (on) => calls.push(`tray:${on}`),
    setStartAtLogin: (on) => calls.push(`login:${on}`),
    quit: () => calls.push('quit'),
  }
  const flat = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flat(i.submenu) : [])])

  it('has the shortcuts, Settings with each notification kind, and Check for updates', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const items = flat(appMenu(platform, defaultSettings(), actions, true))
      const byLabel = (label: string) => items.find((i) => i.label === label)!
      expect(byLabel('Mine').accelerator).toBe('CmdOrCtrl+2')
      expect(byLabel('Quit Parley').accelerator).toBe('CmdOrCtrl+Q')
      expect(byLabel('Settings').submenu).toBeTruthy()
      calls.length = 0
      byLabel('Mine').click!({} as never, undefined, {} as never)
      byLabel('Check for updates…').click!({} as never, undefined, {} as never)
      byLabel('Replies sent or failed').click!({ checked: false } as never, undefined, {} as never)
      byLabel('Keep running in the tray when the window closes').click!({ checked: true } as never, undefined, {} as never)
      byLabel('Channels and accounts…').click!({} as never, undefined, {} as never)
      expect(calls).toEqual([{ kind: 'view', view: 'mine' }, 'updates', 'replies:false', 'tray:true', { kind: 'screen', screen: 'channels' }])
      expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false)
    }
    expect(flat(appMenu('linux', defaultSettings(), actions, false)).some((i) => i.role === 'toggleDevTools')).toBe(true)
    const login = (platform: NodeJS.Platform) => flat(appMenu(platform, defaultSettings(), actions, true)).some((i) => i.label === 'Start Parley when I log in')
    expect([login('darwin'), login('win32'), login('linux')]).toEqual([true, true, false])
  })
})

describe('navigation from the shell', () => {
  it('sends the contract event to a loaded page, and keeps the latest target until the page loads', () => {
    let shown = 0
    const sent: unknown[][] = []
    const contents = { send: (...args: unknown[]) => void sent.push(args), isDestroyed: () => false }
    const nav = createNavigator(() => shown++)
    nav.navigate({ kind: 'view', view: 'mine' })
    nav.navigate({ kind: 'conversation', conversationId: 4 })
    expect(sent).toEqual([])
    nav.loaded(contents)
    nav.navigate({ kind: 'screen', screen: 'outbox' })
    expect(sent).toEqual([
      ['parley:event', 'app.navigate', { kind: 'conversation', conversationId: 4 }],
      ['parley:event', 'app.navigate', { kind: 'screen', screen: 'outbox' }],
    ])
    expect(shown).toBe(3)
    nav.closed()
    nav.navigate({ kind: 'view', view: 'inbox' })
    expect(sent).toHaveLength(2)
  })
})

describe('single instance', () => {
  it('a second launch hands its arguments to the first and quits', () => {
    const first = Object.assign(new EventEmitter(), { requestSingleInstanceLock: () => true, quit: () => undefined })
    const handed: string[][] = []
    expect(claimSingleInstance(first as never, (argv) => handed.push(argv))).toBe(true)
    first.emit('second-instance', {}, ['parley', 'parley://view/mine'], '/')
    expect(handed).toEqual([['parley', 'parley://view/mine']])
    let quit = false
    const second = Object.assign(new EventEmitter(), { requestSingleInstanceLock: () => false, quit: () => void (quit = true) })
    expect(claimSingleInstance(second as never, () => undefined)).toBe(false)
    expect(quit).toBe(true)
    expect(second.listenerCount('second-instance')).toBe(0)
  })
})

describe('pause sync from the tray', () => {
  it('pauses the active accounts and resumes only those', async () => {
    const accounts = [
      { id: 1, status: 'active' },
      { id: 2, status: 'paused' },
      { id: 3, status: 'active' },
      { id: 4, status: 'needs_reconnect' },
    ]
    const calls: string[] = []
    const call = async (op: string, input: unknown): Promise<CallResult<unknown>> => {
      calls.push(`${op} ${JSON.stringify(input)}`)
      const id = (input as { id?: number }).id
      const account = accounts.find((a) => a.id === id)
      if (op === 'accounts.pause' && account) account.status = 'paused'
      if (op === 'accounts.resume' && account) account.status = 'active'
      return { ok: true, value: op === 'accounts.list' ? accounts.map((a) => ({ ...a })) : account }
    }
    const paused = await pauseAllSync(call)
    expect(paused).toEqual([1, 3])
    await resumeSync(call, paused)
    expect(accounts.map((a) => a.status)).toEqual(['active', 'paused', 'active', 'needs_reconnect'])
    expect(calls.filter((c) => c.startsWith('accounts.resume'))).toEqual(['accounts.resume {"id":1}', 'accounts.resume {"id":3}'])
  })
})
