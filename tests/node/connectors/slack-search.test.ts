import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../src/main/base/http'
import type { ConnectorContext } from '../../../src/main/model/connector'
import { slackConnector as connector } from '../../../src/main/features/connectors/slack'
import { DEFAULT_FAKE_USER_TOKEN, startSlackFake, type SlackFake } from '../../../src/main/features/connectors/slack/fake-server'
import { ParleyError } from '../../../src/shared/contract'

/**
 * The optional user token: search.messages finds the brand's words in channels the bot is not in
 * (the fake's #random), and deletes someone else's message where its person is an admin.
 */
const http = createHttpClient('Parley-test')
const DAY = 86_400_000

const open: SlackFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

async function setup(input: Record<string, string> = {}) {
  const f = await startSlackFake()
  open.push(f)
  const connected = await connector.connect({ botToken: f.token, apiBase: f.apiBase, ...input }, http)
  const now = Date.now()
  const ctx: ConnectorContext = {
    http,
    clock: { now: () => now },
    account: { id: 1, baseUrl: connected.seed.baseUrl, handle: connected.seed.handle, settings: connected.settings, secrets: connected.secrets },
    saveSecrets: async () => undefined,
    saveSettings: async () => undefined,
  }
  return { f, connected, ctx, options: { backfillSince: now - 14 * DAY } }
}

async function refusal(run: () => Promise<unknown>): Promise<ParleyError> {
  try {
    await run()
  } catch (error) {
    return error as ParleyError
  }
  throw new Error('expected a refusal')
}

const searches = (f: SlackFake) => f.requests.filter((r) => r.path === '/api/search.messages')

describe('Slack search with a user token', () => {
  it('connects with the user token and the words, keeping the token in the secrets and its person in the settings', async () => {
    const { f, connected } = await setup({ userToken: DEFAULT_FAKE_USER_TOKEN, searchTerms: 'Lumen, "winter light", lumen' })
    expect(connected.secrets).toEqual({ botToken: f.token, userToken: f.userToken })
    expect(connected.settings).toMatchObject({ searchTerms: ['Lumen', 'winter light'], searchUserId: f.people.dana.id })
    // The one check search made went out with the user token, never the bot's.
    expect(searches(f).map((r) => r.headers.authorization)).toEqual([`Bearer ${f.userToken}`])
  })

  it("finds the brand's words in channels the bot is not in, as mentions, once", async () => {
    const { f, ctx, options } = await setup({ userToken: DEFAULT_FAKE_USER_TOKEN, searchTerms: 'Lumen' })
    // Said where the bot reads anyway, by the token's own person, and in a direct message: none of these come through search.
    f.say({ from: f.people.chloe, channel: f.channel('community'), text: 'Lumen lights are great' })
    f.say({ from: f.people.dana, channel: f.channel('random'), text: 'Lumen team here, happy to help' })
    const first = await connector.poll('search', null, ctx, options)
    expect(first.items.map((i) => [i.kind, i.author.displayName, i.text])).toEqual([
      ['mention', 'Ben', 'Is the Lumen winter light worth it for commuting?'],
      ['mention', 'Ana', 'Cheap watches for Lumen riders, 90% off at spam.example'],
    ])
    const random = f.channel('random').id
    expect(first.items.every((i) => i.conversationKey.startsWith(`thread:${random}:`) && i.remoteId.startsWith(`${random}/`))).toBe(true)
    expect(first.items.every((i) => i.direction === 'in')).toBe(true)
    expect(searches(f).every((r) => new URLSearchParams(r.body).get('query') === '"Lumen"' && r.headers.authorization === `Bearer ${f.userToken}`)).toBe(true)

    // The cursor: the next poll brings only what is new, a reply in its thread.
    const root = f.state.messages.find((m) => m.text.startsWith('Is the Lumen'))!
    f.say({ from: f.people.ana, channel: f.channel('random'), text: 'Lumen winter light: yes, bright enough', thread: root })
    const second = await connector.poll('search', first.nextCursor, ctx, options)
    expect(second.items.map((i) => i.text)).toEqual(['Lumen winter light: yes, bright enough'])
    expect(second.items[0]!.conversationKey).toBe(`thread:${random}:${root.ts}`)
    expect(second.items[0]!.parentRemoteId).toBe(`${random}/${root.ts}`)
    expect((await connector.poll('search', second.nextCursor, ctx, options)).items).toEqual([])
  })

  it('does not search without a user token', async () => {
    const { f, ctx, options } = await setup()
    expect(await connector.poll('search', null, ctx, options)).toEqual({ items: [], nextCursor: null })
    expect(searches(f)).toHaveLength(0)
  })

  it('refuses, in words, a bot token as the search token, a user token without words, and a revoked user token', async () => {
    const f = await startSlackFake()
    open.push(f)
    const base = { botToken: f.token, apiBase: f.apiBase }
    expect((await refusal(() => connector.connect({ ...base, userToken: f.token, searchTerms: 'Lumen' }, http))).message).toMatch(/must be a user token.*bots cannot search/)
    expect((await refusal(() => connector.connect({ ...base, userToken: f.userToken }, http))).message).toMatch(/Enter the words to search for/)
    expect((await refusal(() => connector.connect({ ...base, userToken: 'xoxp-not-a-real-token', searchTerms: 'Lumen' }, http))).message).toMatch(/Slack refused the user token/)
  })

  it("deletes someone else's message with an admin's user token, and says why not without one", async () => {
    const withToken = await setup({ userToken: DEFAULT_FAKE_USER_TOKEN, searchTerms: 'Lumen' })
    const spam = (await connector.poll('search', null, withToken.ctx, withToken.options)).items.find((i) => i.text.startsWith('Cheap watches'))!
    await connector.moderate({ kind: 'delete', remoteId: spam.remoteId }, withToken.ctx)
    expect(withToken.f.state.messages.find((m) => m.text.startsWith('Cheap watches'))!.deleted).toBe(true)
    const deletes = withToken.f.requests.filter((r) => r.path === '/api/chat.delete').map((r) => r.headers.authorization)
    expect(deletes).toEqual([`Bearer ${withToken.f.token}`, `Bearer ${withToken.f.userToken}`])

    const without = await setup()
    const other = without.f.state.messages.find((m) => m.text.startsWith('Cheap watches'))!
    const error = await refusal(() => connector.moderate({ kind: 'delete', remoteId: `${other.channel}/${other.ts}` }, without.ctx))
    expect(error.message).toMatch(/can delete only its own messages.*user token/)
    expect(other.deleted).toBeFalsy()
  })
})

