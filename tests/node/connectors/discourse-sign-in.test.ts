import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { discourseConnector } from '../../../src/main/features/connectors/discourse'
import { startDiscourseFake, type DiscourseFake } from '../../../src/main/features/connectors/discourse/fake-server'
import type { EventName, EventPayload } from '../../../src/shared/contract'
import { MemoryVault, syncWorkspace } from '../../support/sync-workspace'
import { typed } from '../../support/workspace'

/**
 * "Sign in with the forum" end to end: the core starts the flow and its loopback listener, the browser
 * (fetch) opens /user-api-key/new on the fake forum, which plays the forum's part: it encrypts a fresh
 * key with the public key Parley sent and redirects to the loopback with `payload` (no OAuth code) and
 * the state Parley wrote into the redirect address. The core decrypts, checks the nonce and the key, and
 * stores the key in the vault.
 */
type Ws = ReturnType<typeof syncWorkspace>
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup() {
  const fake: DiscourseFake = await startDiscourseFake()
  const vault = new MemoryVault()
  const ws: Ws = syncWorkspace({ connectors: [discourseConnector], vault })
  cleanups.push(async () => fake.close(), async () => ws.cleanup())
  const events: { name: EventName; payload: unknown }[] = []
  ws.subscribe((name, payload) => events.push({ name, payload }))
  const finished = (flowId: string) =>
    events.filter((e) => e.name === 'accounts.oauthFinished').map((e) => e.payload as EventPayload<'accounts.oauthFinished'>).filter((p) => p.flowId === flowId)
  const call = typed(ws)
  const begin = async (fields: Record<string, string> = { url: fake.url }) => {
    const result = await call('accounts.beginOAuth', { platform: 'discourse', fields })
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  }
  const count = (sql: string): number => (ws.core.db.prepare(sql).get() as { n: number }).n
  return { fake, vault, ws, finished, begin, count }
}

/** The forum's answer as the browser would follow it: the loopback address with the encrypted payload. */
async function approve(authorizeUrl: string): Promise<URL> {
  const response = await fetch(authorizeUrl, { redirect: 'manual' })
  expect(response.status).toBe(302)
  return new URL(response.headers.get('location')!)
}

const dbBytes = (ws: Ws): string =>
  ['parley.db', 'parley.db-wal']
    .map((f) => {
      try {
        return readFileSync(join(ws.dir, f)).toString('latin1')
      } catch {
        return ''
      }
    })
    .join('')

describe('Discourse sign-in (User API Key) through the loopback redirect', () => {
  it('connects end to end: key pair, approval, encrypted payload, nonce, key in the vault', async () => {
    const s = await setup()
    const flow = await s.begin({ url: s.fake.url, categories: 'support/5' })
    // The state travels in the redirect address itself: Discourse sends no state back but keeps the address's query.
    const redirect = new URL(flow.redirectUri)
    expect(`${redirect.origin}${redirect.pathname}`).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(redirect.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const authorize = new URL(flow.authorizeUrl)
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${s.fake.url}/user-api-key/new`)
    expect(authorize.searchParams.get('auth_redirect')).toBe(flow.redirectUri)
    expect(authorize.searchParams.get('public_key')).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(authorize.searchParams.get('application_name')).toBe('Parley')
    expect(authorize.searchParams.get('scopes')).toBe('read,write,notifications,session_info')
    expect(authorize.searchParams.get('nonce')).toMatch(/^[0-9a-f]{32}$/)
    expect(authorize.searchParams.get('client_id')).toMatch(/^[0-9a-f]{32}$/)

    // The browser follows the forum's redirect to the loopback: payload and state, no code.
    const landing = await fetch(flow.authorizeUrl)
    expect(landing.url).toContain('payload=')
    expect(landing.url).not.toContain('code=')
    expect(landing.status).toBe(200)
    expect(await landing.text()).toContain('Parley is now connected to Lumen Bikes')

    const [done] = s.finished(flow.flowId)
    expect(done).toMatchObject({ error: null, account: { platform: 'discourse', displayName: 'Lumen Bikes', status: 'active' } })
    const [key] = [...s.fake.userApiKeys.keys()]
    expect(s.fake.userApiKeys.get(key!)).toBe(s.fake.brand.id)
    const values = Object.fromEntries([...s.vault.entries].map(([k, v]) => [k.split('/')[1], v]))
    expect(values).toEqual({ userApiKey: key })
    const record = s.ws.core.stores.accounts.get(done!.account!.id)!
    expect(record.secretNames).toEqual(['userApiKey'])
    expect(record.settings).toMatchObject({ userId: s.fake.brand.id, username: 'lumen_team', categories: [{ slug: 'support', id: 5 }] })

    // The key polls like an admin-issued one and never lands in the database.
    const polled = await s.ws.core.sync.runDue()
    expect(polled.map((o) => o.error)).toEqual([null, null])
    expect(s.count('SELECT count(*) AS n FROM messages')).toBeGreaterThan(0)
    expect(dbBytes(s.ws)).not.toContain(key)
  })

  it("withdraws the forum's key when the account is removed; an admin-issued key stays the admin's", async () => {
    const s = await setup()
    const flow = await s.begin()
    await fetch(flow.authorizeUrl)
    const account = s.finished(flow.flowId)[0]!.account!
    expect(s.fake.userApiKeys.size).toBe(1)
    const removed = await s.ws.core.accounts.remove(account.id, false)
    expect(removed).toBeDefined()
    expect(s.fake.userApiKeys.size).toBe(0)
    expect(s.fake.requests.filter((r) => r.path === '/user-api-key/revoke')).toHaveLength(1)

    const admin = await s.ws.core.accounts.add('discourse', { url: s.fake.url, apiKey: s.fake.apiKey, username: s.fake.brand.username })
    await s.ws.core.accounts.remove(admin.id, false)
    expect(s.fake.requests.filter((r) => r.path === '/user-api-key/revoke')).toHaveLength(1)
  })

  it('ignores an answer without this sign-in\'s state: nothing stored, the flow still ends in words', async () => {
    const s = await setup()
    const flow = await s.begin()
    const back = await approve(flow.authorizeUrl)
    back.searchParams.delete('state')
    const page = await fetch(back)
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('does not belong to the sign-in Parley started')
    expect(s.finished(flow.flowId)[0]).toMatchObject({ account: null, error: expect.stringContaining('does not belong') })
    expect(s.vault.entries.size).toBe(0)
    expect(s.count('SELECT count(*) AS n FROM channel_accounts')).toBe(0)
  })

  it("refuses a key encrypted for another sign-in, even with this sign-in's state", async () => {
    const s = await setup()
    const mine = await s.begin()
    const other = await s.begin()
    // The other flow's answer, replayed into this flow's address (with this flow's state).
    const foreign = (await approve(other.authorizeUrl)).searchParams.get('payload')!
    const target = new URL(mine.redirectUri)
    target.searchParams.set('payload', foreign)
    const page = await fetch(target)
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('not encrypted for this sign-in')
    expect(s.finished(mine.flowId)[0]).toMatchObject({ account: null, error: expect.stringContaining('could not be used') })
    expect(s.vault.entries.size).toBe(0)
    expect(s.count('SELECT count(*) AS n FROM channel_accounts')).toBe(0)
    await s.ws.core.accounts.cancelOAuth(other.flowId)
  })

  it('says so when the forum answers with nothing Parley can use', async () => {
    const s = await setup()
    const flow = await s.begin()
    const page = await fetch(flow.redirectUri)
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('The server sent nothing Parley could use back')
    expect(s.vault.entries.size).toBe(0)
  })
})
