import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startBlueskyFake, type BlueskyFake } from '../../../src/main/features/connectors/bluesky/fake-server'
import { startDiscourseFake, type DiscourseFake } from '../../../src/main/features/connectors/discourse/fake-server'
import { FEED_PATHS, startFeedFake, type FeedFake } from '../../../src/main/features/connectors/feed/fake-server'
import { startMastodonFake, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import { startSlackFake, type SlackFake } from '../../../src/main/features/connectors/slack/fake-server'
import { startMetaFake, type MetaFake } from '../../../src/main/features/connectors/meta/fake-server'
import { FAKE_REDDIT_CLIENT_ID, startRedditFake, type RedditFake } from '../../../src/main/features/connectors/reddit/fake-server'
import { FAKE_X_CLIENT_ID, startXFake, type XFake } from '../../../src/main/features/connectors/x/fake-server'
import { FAKE_YT_CLIENT_ID, FAKE_YT_CLIENT_SECRET, startYouTubeFake, type YouTubeFake } from '../../../src/main/features/connectors/youtube/fake-server'
import { startTelegramFake, type TelegramFake } from '../../../src/main/features/connectors/telegram/fake-server'
import { openVault } from '../../../src/main/features/vault/open-vault'
import { mailFromCustomer, supportAccount } from '../../support/mail-clients'
import { mailServersMissing, startMailServers, type MailServers } from '../../support/mail-servers'
import { matrixWorld, startSynapse, synapseMissing, type MatrixWorld, type Synapse } from '../../support/synapse'
import { tempDir } from '../../support/workspace'
import { signIn } from '../../support/serve-session'

/**
 * Seeds known secrets, drives Parley as a user would (connect, poll, errors,
 * every read the UI makes, the CLI), then looks for those secrets everywhere
 * they must never be: the database, its WAL, logs, API answers and events.
 */
const PASSPHRASE = 'leak-scan passphrase'
const MASTODON_TOKEN = 'CANARY-mastodon-token-9c1e7a55d0f24b8e'
const BLUESKY_PASSWORD = 'cnry-9x7q-leak-scan'
const DISCOURSE_KEY = 'CANARY-discourse-key-4f0b6c2e9a7d1358'
const SLACK_TOKEN = 'xoxb-CANARY-slack-token-7d2a9e41c0b8'
// The optional user token for search (and an admin's deletes).
const SLACK_USER_TOKEN = 'xoxp-CANARY-slack-user-token-5b81e3f9'
// The Bot API carries the token in every URL path: errors and logs must never repeat it.
const TELEGRAM_TOKEN = '7000000002:CANARYtelegramLeakScan_0123456789abcd'

interface Served {
  child: ChildProcess
  origin: string
  token: string
  logs: string[]
}

async function serve(dataDir: string): Promise<Served> {
  const logs: string[] = []
  const child = spawn(process.execPath, ['bin/parley.mjs', 'serve', '--port', '0', '--vault', 'file', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PARLEY_VAULT_PASSPHRASE: PASSPHRASE },
  })
  child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      logs.push(d.toString())
      const m = /ready at (\S+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${logs.join('')}`)))
  })
  // The printed address opens Parley once; its session is this test's bearer token.
  const session = await signIn(url)
  return { child, origin: session.origin, token: session.token, logs }
}

describe('secrets never leak', () => {
  const answers: string[] = []
  const events: string[] = []
  let mastodon: MastodonFake
  let bluesky: BlueskyFake
  let feed: FeedFake
  let discourse: DiscourseFake
  let slack: SlackFake
  let meta: MetaFake
  let youtube: YouTubeFake
  let x: XFake
  let reddit: RedditFake
  /** X's first refresh token: used up at connect (X rotates them), so no longer in the vault, and it must not be anywhere else either. */
  let spentRefreshToken = ''
  let telegram: TelegramFake
  // A real Synapse (tests/support/synapse.ts: chroot into the cached Debian sid root filesystem), when this machine has it.
  let synapse: Synapse | null = null
  let world: MatrixWorld | null = null
  // Real Dovecot and Postfix (tests/support/mail-servers.ts), when this machine has them.
  let mail: MailServers | null = null
  let served: Served
  let workspace: ReturnType<typeof tempDir>
  let cliOutput = ''
  const liveFiles: [string, string][] = []

  const call = async (op: string, input: unknown = {}): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> => {
    const res = await fetch(`${served.origin}/api/call/${op}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${served.token}` },
      body: JSON.stringify(input),
    })
    const text = await res.text()
    answers.push(text)
    return JSON.parse(text)
  }

  const waitForPolls = async (accountId: number): Promise<void> => {
    for (let i = 0; i < 100; i++) {
      const health = (await call('accounts.health', { id: accountId })).value as { streams: { lastAttemptAt: number | null }[] }[]
      if (health[0]!.streams.length && health[0]!.streams.every((s) => s.lastAttemptAt !== null)) return
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`account ${accountId} was never polled`)
  }

  beforeAll(async () => {
    mastodon = await startMastodonFake({ token: MASTODON_TOKEN })
    bluesky = await startBlueskyFake({ appPassword: BLUESKY_PASSWORD })
    feed = await startFeedFake({ title: 'Riders Forum' })
    feed.addEntry({ title: 'Commuter 2 range', html: '<p>Winter range?</p>' })
    discourse = await startDiscourseFake({ apiKey: DISCOURSE_KEY })
    slack = await startSlackFake({ token: SLACK_TOKEN, userToken: SLACK_USER_TOKEN })
    meta = await startMetaFake()
    youtube = await startYouTubeFake()
    x = await startXFake()
    spentRefreshToken = x.tokens.refreshToken
    reddit = await startRedditFake()
    telegram = await startTelegramFake({ token: TELEGRAM_TOKEN })
    if (!synapseMissing()) {
      synapse = await startSynapse()
      world = await matrixWorld(synapse, 'leak')
      await world.customer.client.send(world.supportRoom, { msgtype: 'm.text', body: 'Hello from the leak scan' })
    }
    if (!mailServersMissing()) {
      mail = await startMailServers()
      await mailFromCustomer(mail, { subject: 'Pedal', text: 'Hello from the leak scan by mail' })
    }
    workspace = tempDir('parley-leak-')
    served = await serve(workspace.dir)
    const socket = new WebSocket(`${served.origin.replace('http', 'ws')}/api/events`, { headers: { Authorization: `Bearer ${served.token}` } })
    socket.on('message', (d) => events.push(String(d)))
    await new Promise((r) => socket.on('open', r))

    // Connect: a wrong token first (an error path), then the real ones.
    const refused = await call('accounts.add', { platform: 'mastodon', fields: { instance: mastodon.url, token: `${MASTODON_TOKEN}-wrong` } })
    expect(refused.ok).toBe(false)
    const m = await call('accounts.add', { platform: 'mastodon', fields: { instance: mastodon.url, token: MASTODON_TOKEN } })
    const b = await call('accounts.add', { platform: 'bluesky', fields: { service: bluesky.url, handle: 'lumenbikes.bsky.social', appPassword: BLUESKY_PASSWORD } })
    const f = await call('accounts.add', { platform: 'feed', fields: { url: `${feed.url}${FEED_PATHS.rss}` } })
    expect((await call('accounts.add', { platform: 'discourse', fields: { url: discourse.url, apiKey: `${DISCOURSE_KEY}-wrong`, username: 'lumen_team' } })).ok).toBe(false)
    const d = await call('accounts.add', { platform: 'discourse', fields: { url: discourse.url, apiKey: DISCOURSE_KEY, username: 'lumen_team' } })
    expect((await call('accounts.add', { platform: 'slack', fields: { botToken: `${SLACK_TOKEN}-wrong`, apiBase: slack.apiBase } })).ok).toBe(false)
    expect((await call('accounts.add', { platform: 'slack', fields: { botToken: SLACK_TOKEN, apiBase: slack.apiBase, userToken: `${SLACK_USER_TOKEN}-wrong`, searchTerms: 'Lumen' } })).ok).toBe(false)
    const s = await call('accounts.add', { platform: 'slack', fields: { botToken: SLACK_TOKEN, apiBase: slack.apiBase, userToken: SLACK_USER_TOKEN, searchTerms: 'Lumen' } })
    // Facebook: the app secret and the sign-in's token go in; a long-lived token and the Page token go to the vault.
    const metaFields = { appId: meta.appId, appSecret: meta.appSecret, accessToken: meta.userToken, page: 'Lumen Bikes', apiBase: meta.url }
    const wrongSecret = await call('accounts.add', { platform: 'facebook', fields: { ...metaFields, appSecret: `${meta.appSecret}-wrong` } })
    expect(wrongSecret.ok).toBe(false)
    const fb = await call('accounts.add', { platform: 'facebook', fields: metaFields })
    const y = await call('accounts.add', {
      platform: 'youtube',
      fields: { clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: youtube.url, refreshToken: youtube.tokens.refreshToken },
    })
    const xa = await call('accounts.add', { platform: 'x', fields: { clientId: FAKE_X_CLIENT_ID, apiBase: x.url, refreshToken: x.tokens.refreshToken } })
    const ra = await call('accounts.add', { platform: 'reddit', fields: { clientId: FAKE_REDDIT_CLIENT_ID, apiBase: reddit.url, refreshToken: reddit.tokens.refreshToken, subreddits: 'lumenbikes' } })
    expect((await call('accounts.add', { platform: 'telegram', fields: { botToken: TELEGRAM_TOKEN.replace('CANARY', 'WRONGX'), apiBase: telegram.url } })).ok).toBe(false)
    const t = await call('accounts.add', { platform: 'telegram', fields: { botToken: TELEGRAM_TOKEN, apiBase: telegram.url } })
    const added = [m, b, f, d, s, fb, y, xa, ra, t]
    if (synapse && world) {
      expect((await call('accounts.add', { platform: 'matrix', fields: { ...world.connectInput(synapse.url), password: `${world.brand.password}-wrong` } })).ok).toBe(false)
      added.push(await call('accounts.add', { platform: 'matrix', fields: world.connectInput(synapse.url) }))
    }
    if (mail) {
      // The mailbox password reaches Dovecot and Postfix in SASL (base64): a refused one too must stay out of every log.
      expect((await call('accounts.add', { platform: 'email', fields: supportAccount(mail, { password: `${supportAccount(mail).password}-wrong` }) })).ok).toBe(false)
      added.push(await call('accounts.add', { platform: 'email', fields: supportAccount(mail) }))
    }
    for (const r of added) expect(r.ok, JSON.stringify(r.error)).toBe(true)
    const ids = added.map((r) => (r.value as { id: number }).id)
    for (const id of ids) await waitForPolls(id)

    // Error paths: revoked tokens and keys, an expired session; expired OAuth access tokens, refreshed (X rotating its refresh token).
    mastodon.revokeToken()
    bluesky.expireAccessTokens()
    discourse.revokeKeys()
    slack.revokeToken()
    meta.expire(meta.state.pages.get(meta.cast.pageId)!.token)
    // A revoked bot token: its old value sits in the URL path of the failing call.
    telegram.revokeToken()
    youtube.oauth.expireAccessTokens()
    x.oauth.expireAccessTokens()
    reddit.oauth.expireAccessTokens()
    for (const id of ids) if (id !== ids[2]) await call('accounts.pollNow', { id })
    await new Promise((r) => setTimeout(r, 1500))

    // Every read the UI makes.
    await call('app.info')
    await call('views.counts')
    await call('accounts.list')
    await call('accounts.health', {})
    await call('connectors.list')
    await call('vault.describe')
    for (const view of ['inbox', 'unassigned', 'mine', 'needs_approval', 'done']) {
      const page = (await call('conversations.list', { view, limit: 200 })).value as { items: { id: number }[] }
      for (const c of page.items.slice(0, 20)) await call('conversations.get', { id: c.id })
    }
    // The WAL is checkpointed away at shutdown: read the files while the server still runs too.
    for (const name of readdirSync(workspace.dir)) {
      const file = join(workspace.dir, name)
      if (statSync(file).isFile()) liveFiles.push([`${name} (while running)`, readFileSync(file).toString('latin1')])
    }
    socket.close()
    served.child.kill('SIGTERM')
    await new Promise((r) => served.child.once('exit', r))

    // The CLI's view of the same workspace.
    const cli = spawn(process.execPath, ['bin/parley.mjs', 'accounts', 'list', '--json', '--vault', 'file', '--data-dir', workspace.dir], {
      env: { ...process.env, PARLEY_VAULT_PASSPHRASE: PASSPHRASE },
    })
    cli.stdout.on('data', (d: Buffer) => (cliOutput += d.toString()))
    cli.stderr.on('data', (d: Buffer) => (cliOutput += d.toString()))
    await new Promise((r) => cli.once('exit', r))
  }, 180_000)

  afterAll(async () => {
    if (served?.child.exitCode === null) served.child.kill('SIGKILL')
    await Promise.all([mastodon?.close(), bluesky?.close(), feed?.close(), discourse?.close(), slack?.close(), meta?.close(), youtube?.close(), x?.close(), reddit?.close(), telegram?.close(), synapse?.stop(), mail?.stop()])
    workspace?.cleanup()
  })

  /** Every secret the vault holds, plus the tokens inside JSON ones (a Bluesky session's JWTs). */
  async function secretsInVault(): Promise<string[]> {
    const vault = openVault({ kind: 'file', dataDir: workspace.dir, passphrase: PASSPHRASE })!
    const values: string[] = []
    for (const name of await vault.list('')) {
      const value = (await vault.get(name))!
      values.push(value)
      try {
        for (const inner of Object.values(JSON.parse(value) as Record<string, unknown>)) if (typeof inner === 'string' && inner.length >= 16) values.push(inner)
      } catch {
        // not JSON
      }
    }
    return values
  }

  it('kept the secrets in the vault (so the scan below is looking for the right strings)', async () => {
    const secrets = await secretsInVault()
    expect(secrets).toContain(MASTODON_TOKEN)
    expect(secrets).toContain(BLUESKY_PASSWORD)
    expect(secrets).toContain(DISCOURSE_KEY)
    expect(secrets).toContain(SLACK_TOKEN)
    expect(secrets).toContain(SLACK_USER_TOKEN)
    expect(secrets).toContain(TELEGRAM_TOKEN)
    // Matrix keeps the access token of its own device, never the password.
    if (world) expect(secrets.filter((s) => s.startsWith('syt_'))).toHaveLength(1)
    if (world) expect(secrets).not.toContain(world.brand.password)
    expect(secrets.some((s) => s.split('.').length === 3)).toBe(true)
    expect(answers.length).toBeGreaterThan(20)
    expect(events.length).toBeGreaterThan(3)
    expect(secrets).toContain(meta.appSecret)
    expect(secrets).toContain(meta.state.pages.get(meta.cast.pageId)!.token)
    expect(JSON.parse(cliOutput.slice(cliOutput.indexOf('[')))).toHaveLength(10 + (synapse ? 1 : 0) + (mail ? 1 : 0))
    if (mail) expect(secrets).toContain(supportAccount(mail).password)
    expect(secrets).toContain(FAKE_YT_CLIENT_SECRET)
    // X's refresh token was rotated by the refresh above, and the new one replaced the old in the vault.
    expect(x.oauth.refreshCount).toBeGreaterThanOrEqual(2)
    expect(secrets).not.toContain(spentRefreshToken)
    // Reddit keeps one refresh token, used at connect and again after the access tokens expired.
    expect(secrets).toContain(reddit.tokens.refreshToken)
    expect(reddit.oauth.refreshCount).toBeGreaterThanOrEqual(2)
  })

  it('finds no secret in the database, its WAL, other data files, logs, API answers, events or CLI output', async () => {
    // Values of 16 characters or more: the vault also keeps the access tokens' expiry times, which are no secret.
    const canaries = [
      ...(await secretsInVault()).filter((v) => v.length >= 16),
      `${MASTODON_TOKEN}-wrong`,
      `${DISCOURSE_KEY}-wrong`,
      `${SLACK_TOKEN}-wrong`,
      `${SLACK_USER_TOKEN}-wrong`,
      meta.userToken,
      `${meta.appSecret}-wrong`,
      spentRefreshToken,
      TELEGRAM_TOKEN.replace('CANARY', 'WRONGX'),
      // The secret half alone, as it would appear in a logged URL path.
      TELEGRAM_TOKEN.split(':')[1]!,
      ...(world ? [world.brand.password] : []),
      ...(mail ? [`${supportAccount(mail).password}-wrong`] : []),
    ]
    const places: [string, string][] = [
      ['server logs', served.logs.join('')],
      ['API answers', answers.join('\n')],
      ['events', events.join('\n')],
      ['CLI output', cliOutput],
      ...liveFiles,
    ]
    for (const name of readdirSync(workspace.dir)) {
      const file = join(workspace.dir, name)
      if (statSync(file).isFile()) places.push([name, readFileSync(file).toString('latin1')])
    }
    expect(places.map(([name]) => name)).toEqual(expect.arrayContaining(['parley.db', 'secrets.vault', 'parley.db-wal (while running)']))
    const leaks = places.flatMap(([where, text]) =>
      canaries.filter((c) => text.includes(c) || text.includes(Buffer.from(c).toString('base64'))).map((c) => `${c.slice(0, 12)}… in ${where}`),
    )
    expect(leaks).toEqual([])
  })
})
