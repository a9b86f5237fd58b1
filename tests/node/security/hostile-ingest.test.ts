import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blueskyConnector } from '../../../src/main/features/connectors/bluesky'
import { startBlueskyFake, type BlueskyFake } from '../../../src/main/features/connectors/bluesky/fake-server'
import { discourseConnector } from '../../../src/main/features/connectors/discourse'
import { startDiscourseFake, type DiscourseFake } from '../../../src/main/features/connectors/discourse/fake-server'
import { feedConnector } from '../../../src/main/features/connectors/feed'
import { FEED_PATHS, startFeedFake, type FeedFake } from '../../../src/main/features/connectors/feed/fake-server'
import { facebookConnector } from '../../../src/main/features/connectors/facebook'
import { instagramConnector } from '../../../src/main/features/connectors/instagram'
import { mastodonConnector } from '../../../src/main/features/connectors/mastodon'
import { startMetaFake, type MetaFake } from '../../../src/main/features/connectors/meta/fake-server'
import { startMastodonFake, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import { matrixConnector } from '../../../src/main/features/connectors/matrix'
import { slackConnector } from '../../../src/main/features/connectors/slack'
import { startSlackFake, type SlackFake } from '../../../src/main/features/connectors/slack/fake-server'
import { redditConnector } from '../../../src/main/features/connectors/reddit'
import { FAKE_REDDIT_CLIENT_ID, startRedditFake, type RedditFake } from '../../../src/main/features/connectors/reddit/fake-server'
import { xConnector } from '../../../src/main/features/connectors/x'
import { FAKE_X_CLIENT_ID, startXFake, type XFake } from '../../../src/main/features/connectors/x/fake-server'
import { youtubeConnector } from '../../../src/main/features/connectors/youtube'
import { FAKE_YT_CLIENT_ID, FAKE_YT_CLIENT_SECRET, startYouTubeFake, type YouTubeFake } from '../../../src/main/features/connectors/youtube/fake-server'
import { emailConnector } from '../../../src/main/features/connectors/email'
import { supportAccount } from '../../support/mail-clients'
import { mailServersMissing, startMailServers, type MailServers } from '../../support/mail-servers'
import { BIDI_CONTROLS, hostile, HOSTILE_FEED_TITLE, plantBluesky, plantEmail, plantDiscourse, plantFeed, plantMastodon, plantMeta, plantMatrix, plantReddit, plantSlack, plantTelegram, plantX, plantYouTube } from '../../support/hostile'
import { telegramConnector } from '../../../src/main/features/connectors/telegram'
import { startTelegramFake, type TelegramFake } from '../../../src/main/features/connectors/telegram/fake-server'
import { matrixWorld, startSynapse, synapseMissing, type Synapse } from '../../support/synapse'
import { MemoryVault, syncWorkspace } from '../../support/sync-workspace'

/**
 * The hostile corpus served by every fake platform into one real workspace:
 * what the core stores must already be harmless, before any renderer sees it.
 */
describe('hostile channel content, as stored by the core', () => {
  let mastodon: MastodonFake
  let bluesky: BlueskyFake
  let feed: FeedFake
  let discourse: DiscourseFake
  let slack: SlackFake
  let ws: ReturnType<typeof syncWorkspace>
  let facebook: MetaFake
  let instagram: MetaFake
  let youtube: YouTubeFake
  let x: XFake
  let reddit: RedditFake
  let telegram: TelegramFake
  // A real Synapse (tests/support/synapse.ts: chroot into the cached Debian sid root filesystem), when this machine has it.
  let synapse: Synapse | null = null
  // Real Dovecot and Postfix (tests/support/mail-servers.ts), when this machine has them.
  let mail: MailServers | null = null
  const planted = { email: 0, mastodon: 0, bluesky: 0, feed: 0, discourse: 0, slack: 0, facebook: 0, instagram: 0, youtube: 0, x: 0, reddit: 0, telegram: 0, matrix: 0 }

  beforeAll(async () => {
    mastodon = await startMastodonFake({ seed: false })
    bluesky = await startBlueskyFake({ seed: false })
    feed = await startFeedFake({ title: HOSTILE_FEED_TITLE, windowSize: 100 })
    planted.mastodon = plantMastodon(mastodon)
    planted.bluesky = plantBluesky(bluesky)
    planted.feed = plantFeed(feed)
    discourse = await startDiscourseFake({ seed: false, rateLimit: 10_000 })
    slack = await startSlackFake({ seed: false })
    planted.discourse = plantDiscourse(discourse)
    planted.slack = plantSlack(slack)
    facebook = await startMetaFake({ seed: false })
    instagram = await startMetaFake({ seed: false })
    planted.facebook = plantMeta(facebook, 'facebook')
    planted.instagram = plantMeta(instagram, 'instagram')
    youtube = await startYouTubeFake({ seed: false })
    x = await startXFake({ seed: false })
    planted.youtube = plantYouTube(youtube)
    planted.x = plantX(x)
    reddit = await startRedditFake({ seed: false })
    planted.reddit = plantReddit(reddit)
    telegram = await startTelegramFake({ seed: false })
    planted.telegram = plantTelegram(telegram)
    ws = syncWorkspace({ connectors: [mastodonConnector, blueskyConnector, feedConnector, discourseConnector, slackConnector, facebookConnector, instagramConnector, youtubeConnector, xConnector, redditConnector, telegramConnector, matrixConnector, emailConnector], vault: new MemoryVault(), maxConcurrent: 3 })
    await ws.core.accounts.add('mastodon', { instance: mastodon.url, token: mastodon.token })
    await ws.core.accounts.add('bluesky', { service: bluesky.url, handle: bluesky.brand.handle, appPassword: 'lumn-4pp2-pass-w0rd' })
    await ws.core.accounts.add('feed', { url: `${feed.url}${FEED_PATHS.rss}` })
    await ws.core.accounts.add('youtube', { clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: youtube.url, refreshToken: youtube.tokens.refreshToken })
    await ws.core.accounts.add('x', { clientId: FAKE_X_CLIENT_ID, apiBase: x.url, refreshToken: x.tokens.refreshToken })
    await ws.core.accounts.add('reddit', { clientId: FAKE_REDDIT_CLIENT_ID, apiBase: reddit.url, refreshToken: reddit.tokens.refreshToken, subreddits: 'lumenbikes' })
    await ws.core.accounts.add('discourse', { url: discourse.url, apiKey: discourse.apiKey, username: discourse.brand.username })
    await ws.core.accounts.add('slack', { botToken: slack.token, apiBase: slack.apiBase })
    await ws.core.accounts.add('facebook', { appId: facebook.appId, accessToken: facebook.userToken, page: 'Lumen Bikes', apiBase: facebook.url })
    await ws.core.accounts.add('instagram', { appId: instagram.appId, accessToken: instagram.userToken, page: 'Lumen Bikes', apiBase: instagram.url })
    await ws.core.accounts.add('telegram', { botToken: telegram.token, apiBase: telegram.url })
    if (!mailServersMissing()) {
      mail = await startMailServers()
      planted.email = await plantEmail(mail)
      await ws.core.accounts.add('email', supportAccount(mail))
    }
    if (!synapseMissing()) {
      synapse = await startSynapse()
      const world = await matrixWorld(synapse, 'hostile')
      planted.matrix = await plantMatrix(synapse, world)
      await ws.core.accounts.add('matrix', world.connectInput(synapse.url))
    }
    const outcomes = await ws.core.sync.runDue()
    expect(outcomes.filter((o) => o.error !== null)).toEqual([])
  }, 180_000)

  afterAll(async () => {
    await ws?.cleanup()
    await Promise.all([mastodon?.close(), bluesky?.close(), feed?.close(), discourse?.close(), slack?.close(), facebook?.close(), instagram?.close(), youtube?.close(), x?.close(), reddit?.close(), telegram?.close(), synapse?.stop(), mail?.stop()])
  })

  const rows = <T>(sql: string): T[] => ws.core.db.prepare(sql).all() as T[]

  it('stores every hostile item (sanitised, not silently dropped)', () => {
    const byPlatform = rows<{ platform: string; n: number }>(
      `SELECT a.platform, count(*) AS n FROM messages m JOIN channel_accounts a ON a.id = m.channel_account_id WHERE m.direction = 'in' GROUP BY a.platform`,
    )
    const n = Object.fromEntries(byPlatform.map((r) => [r.platform, r.n]))
    expect(n.mastodon).toBe(planted.mastodon)
    expect(n.bluesky).toBe(planted.bluesky)
    expect(n.feed).toBe(planted.feed)
    expect(n.discourse).toBe(planted.discourse)
    expect(n.slack).toBe(planted.slack)
    expect(n.facebook).toBe(planted.facebook)
    expect(n.instagram).toBe(planted.instagram)
    expect(n.youtube).toBe(planted.youtube)
    expect(n.x).toBe(planted.x)
    expect(n.reddit).toBe(planted.reddit)
    expect(n.telegram).toBe(planted.telegram)
    expect(n.matrix).toBe(synapse ? planted.matrix : undefined)
    expect(n.email).toBe(mail ? planted.email : undefined)
  })

  it('keeps only inert markup: no scripts, handlers, styles, embeds or foreign schemes', () => {
    const html = rows<{ html: string }>('SELECT html FROM messages WHERE html IS NOT NULL').map((r) => r.html)
    expect(html.length).toBeGreaterThan(hostile.html.length)
    const forbiddenTags = /^<\/?(script|style|img|svg|math|iframe|object|embed|form|input|button|link|meta|base|video|source|details|noscript|template)\b/i
    const forbiddenInTag = [/\son[a-z]+\s*=/i, /\sstyle\s*=/i, /\sclass\s*=/i, /\sid\s*=/i, /\ssrcset\s*=/i, /\sdata-[a-z-]+\s*=/i, /javascript:/i, /vbscript:/i, /data:/i]
    for (const body of html) {
      for (const [tag] of body.matchAll(/<[^>]*>/g)) {
        expect(tag, body).not.toMatch(forbiddenTags)
        for (const pattern of forbiddenInTag) expect(tag, `${pattern} in ${body}`).not.toMatch(pattern)
      }
    }
    for (const body of html) {
      for (const [, href] of body.matchAll(/<a\s[^>]*href="([^"]*)"/g)) expect(new URL(href!.replace(/&amp;/g, '&')).protocol, body).toMatch(/^(https?|mailto):$/)
    }
  })

  it('keeps only http(s) permalinks and profile links', () => {
    const urls = rows<{ permalink: string | null; author_profile_url: string | null }>('SELECT permalink, author_profile_url FROM messages')
    for (const u of urls) {
      for (const value of [u.permalink, u.author_profile_url]) if (value !== null) expect(new URL(value).protocol, value).toMatch(/^https?:$/)
    }
  })

  it('neutralises bidi overrides in every text field a channel fills', () => {
    const fields = [
      ...rows<Record<string, string | null>>('SELECT text, html, author_name, author_handle, subject FROM messages'),
      ...rows<Record<string, string | null>>('SELECT subject, author_name, author_handle, preview FROM conversations'),
      ...rows<Record<string, string | null>>('SELECT display_name, handle FROM identities'),
      ...rows<Record<string, string | null>>('SELECT display_name, handle FROM channel_accounts'),
    ]
    const offenders = fields.flatMap((r) => Object.values(r).filter((v): v is string => typeof v === 'string' && BIDI_CONTROLS.test(v)))
    expect(offenders.map((o) => JSON.stringify(o))).toEqual([])
    // The words are kept; only the reordering is gone.
    expect(rows<{ n: number }>("SELECT count(*) AS n FROM messages WHERE text LIKE '%txt.exe%'")[0]!.n).toBeGreaterThan(0)
  })

  it('keeps hostile names and texts as plain text, never as markup', () => {
    const names = rows<{ author_name: string }>("SELECT DISTINCT author_name FROM messages WHERE author_name LIKE '%onerror%'")
    // Stored as the words it is; the renderer shows it as text (see tests/e2e/hostile-content.spec.ts).
    expect(names.length).toBeGreaterThan(0)
  })
})
