import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEED_PATHS, startFeedFake, type FeedFake } from '../../src/main/features/connectors/feed/fake-server'
import { startMastodonFake, type MastodonFake } from '../../src/main/features/connectors/mastodon/fake-server'
import { tempDir } from '../support/workspace'

/** The CLI as a user runs it (built bundle, real files, the encrypted file vault), against fakes on loopback. */
function parley(args: string[], dataDir: string, input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/parley.mjs', ...args, '--data-dir', dataDir, '--vault', 'file'], {
      env: { ...process.env, PARLEY_VAULT_PASSPHRASE: 'cli test passphrase' },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
    if (input !== undefined) child.stdin!.end(input)
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('parley accounts / sync / inbox', () => {
  let mastodon: MastodonFake
  let feed: FeedFake
  let ws: ReturnType<typeof tempDir>

  beforeAll(async () => {
    mastodon = await startMastodonFake()
    feed = await startFeedFake({ title: 'Riders Forum' })
    feed.addEntry({ title: 'Lumen Commuter 2 range in winter', html: '<p>Range dropped to 40 km in the cold.</p>' })
    ws = tempDir('parley-cli-')
  })
  afterAll(async () => {
    await mastodon.close()
    await feed.close()
    ws.cleanup()
  })

  it('refuses bad credentials and an unreachable server with a clear message, storing nothing', async () => {
    const bad = await parley(['accounts', 'add', 'mastodon', '--instance', mastodon.url, '--token', 'nope'], ws.dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Mastodon refused the token/)
    const down = await parley(['accounts', 'add', 'mastodon', '--instance', 'http://127.0.0.1:9', '--token', 'x'], ws.dir)
    expect(down.code).not.toBe(0)
    expect(down.stderr).toMatch(/127\.0\.0\.1:9/)
    const missing = await parley(['accounts', 'add', 'bluesky', '--handle', 'x.bsky.social'], ws.dir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/The Bluesky app password is missing: give it with --app-password-file FILE/)
    const list = await parley(['accounts', 'list', '--json'], ws.dir)
    expect(JSON.parse(list.stdout)).toEqual([])
  })

  it('adds accounts, syncs once, lists and searches the inbox, and removes an account', async () => {
    // The token from standard input: never on the command line.
    const m = await parley(['accounts', 'add', 'mastodon', '--instance', mastodon.url, '--token-file', '-'], ws.dir, `${mastodon.token}\n`)
    expect(m.stderr).toBe('')
    expect(m.stdout).toMatch(/^Connected #1\s+mastodon\s+Lumen Bikes \(@lumenbikes@127\.0\.0\.1:\d+\)\. Its secrets are in: Encrypted file/)
    const f = await parley(['accounts', 'add', 'feed', '--url', `${feed.url}${FEED_PATHS.rss}`, '--keywords', 'commuter, trail x'], ws.dir)
    expect(f.stdout).toMatch(/Connected #2\s+feed\s+Riders Forum/)

    const sync = await parley(['sync', '--once'], ws.dir)
    expect(sync.code).toBe(0)
    expect(sync.stdout).toMatch(/Lumen Bikes \(mastodon\) notifications: \d+ fetched, \d+ new/)
    expect(sync.stdout).toMatch(/Riders Forum \(feed\) feed: 1 fetched, 1 new/)

    const all = JSON.parse((await parley(['inbox', 'list', '--json'], ws.dir)).stdout) as { subject: string | null }[]
    expect(all.length).toBeGreaterThan(2)
    const found = JSON.parse((await parley(['inbox', 'list', '--json', '--query', 'winter'], ws.dir)).stdout) as { subject: string }[]
    expect(found.map((c) => c.subject)).toEqual(['Lumen Commuter 2 range in winter'])
    const filtered = JSON.parse((await parley(['inbox', 'list', '--json', '--query', 'winter channel:feed kind:feed'], ws.dir)).stdout) as { subject: string }[]
    expect(filtered.map((c) => c.subject)).toEqual(['Lumen Commuter 2 range in winter'])
    expect(JSON.parse((await parley(['inbox', 'list', '--json', '--query', 'winter -channel:feed'], ws.dir)).stdout)).toEqual([])
    const typo = await parley(['inbox', 'list', '--query', 'winter kin:feed'], ws.dir)
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(/Unknown filter "kin:" at column 8\. Did you mean "kind:"\?/)

    const accounts = JSON.parse((await parley(['accounts', 'list', '--json'], ws.dir)).stdout) as { id: number; health: { streams: { lastSuccessAt: number | null }[] } }[]
    expect(accounts.map((a) => a.id).sort()).toEqual([1, 2])
    expect(accounts.every((a) => a.health.streams.length > 0 && a.health.streams.every((s) => (s.lastSuccessAt ?? 0) > 0))).toBe(true)

    const removed = await parley(['accounts', 'remove', '2', '--delete-data'], ws.dir)
    expect(removed.stdout).toMatch(/Removed account #2: its secrets and its conversations are deleted/)
    const after = JSON.parse((await parley(['inbox', 'list', '--json', '--query', 'winter'], ws.dir)).stdout)
    expect(after).toEqual([])
  }, 90_000) // a dozen real processes, each starting Node and opening the workspace

  it('says when the file vault passphrase is wrong', async () => {
    const child = spawn(process.execPath, ['bin/parley.mjs', 'accounts', 'list', '--data-dir', ws.dir, '--vault', 'file'], {
      env: { ...process.env, PARLEY_VAULT_PASSPHRASE: 'not it' },
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise((r) => child.on('exit', r))
    expect(code).toBe(1)
    expect(stderr).toMatch(/passphrase is wrong/)
  })
})
