import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../src/main/base/http'
import { discourseConnector as connector } from '../../../src/main/features/connectors/discourse'
import { startDiscourseFake, type DiscourseFake } from '../../../src/main/features/connectors/discourse/fake-server'
import { createUserApiKeyRequest, readUserApiKeyPayload, USER_API_SCOPES } from '../../../src/main/features/connectors/discourse/user-api-key'
import { ParleyError } from '../../../src/shared/contract'

/**
 * The User API Key flow against the fake forum: Parley's RSA public key and nonce go to
 * /user-api-key/new, the forum (after the person approves) redirects to the loopback address with
 * the key encrypted for that public key, and only the matching private key and nonce open it.
 */
const http = createHttpClient('Parley-test')
const REDIRECT = 'http://127.0.0.1:49152/discourse/callback'

const open: DiscourseFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

/** What the browser does once the person pressed "Authorize": follow the forum to the redirect. */
async function approve(url: string): Promise<{ status: number; payload: string | null; location: string | null }> {
  const res = await fetch(url, { redirect: 'manual' })
  const location = res.headers.get('location')
  return { status: res.status, location, payload: location ? new URL(location).searchParams.get('payload') : null }
}

async function failure(run: () => unknown): Promise<ParleyError> {
  try {
    await run()
  } catch (error) {
    return error as ParleyError
  }
  throw new Error('expected a failure')
}

describe('Discourse User API Key', () => {
  it('asks for the key with a public key and a nonce, opens the encrypted answer, and connects with it', async () => {
    const f = await startDiscourseFake({ seed: false })
    open.push(f)
    const request = createUserApiKeyRequest({ forumUrl: f.url, redirectUri: REDIRECT })
    const asked = new URL(request.url)
    expect(asked.pathname).toBe('/user-api-key/new')
    expect(asked.searchParams.get('scopes')).toBe(USER_API_SCOPES.join(','))
    expect(asked.searchParams.get('public_key')).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(asked.searchParams.get('nonce')).toBe(request.nonce)
    expect(asked.searchParams.get('auth_redirect')).toBe(REDIRECT)

    const answer = await approve(request.url)
    expect(answer.status).toBe(302)
    expect(answer.location!.startsWith(`${REDIRECT}?payload=`)).toBe(true)
    const key = readUserApiKeyPayload(answer.payload!, request)
    expect(f.userApiKeys.get(key)).toBe(f.brand.id)
    // The key itself never travelled in clear.
    expect(answer.location).not.toContain(key)

    const connected = await connector.connect({ url: f.url, userApiKey: key }, http)
    expect(connected.secrets).toEqual({ userApiKey: key })
    expect(connected.settings).toMatchObject({ userId: f.brand.id, username: 'lumen_team' })
  })

  it("refuses an answer for another sign-in: another nonce, another key pair, or a tampered payload", async () => {
    const f = await startDiscourseFake({ seed: false })
    open.push(f)
    const mine = createUserApiKeyRequest({ forumUrl: f.url, redirectUri: REDIRECT })
    const other = createUserApiKeyRequest({ forumUrl: f.url, redirectUri: REDIRECT })
    const answer = await approve(mine.url)
    expect((await failure(() => readUserApiKeyPayload(answer.payload!, { ...mine, nonce: other.nonce }))).message).toMatch(/belongs to another sign-in/)
    expect((await failure(() => readUserApiKeyPayload(answer.payload!, other))).message).toMatch(/not encrypted for this sign-in/)
    const tampered = `${answer.payload!.slice(0, 10)}${answer.payload![10] === 'A' ? 'B' : 'A'}${answer.payload!.slice(11)}`
    expect((await failure(() => readUserApiKeyPayload(tampered, mine))).code).toBe('unauthorized')
  })

  it('says when the forum does not allow the redirect address', async () => {
    const f = await startDiscourseFake({ seed: false, allowedRedirects: ['discourse://auth_redirect'] })
    open.push(f)
    const answer = await approve(createUserApiKeyRequest({ forumUrl: f.url, redirectUri: REDIRECT }).url)
    expect(answer.status).toBe(403)
    expect(f.userApiKeys.size).toBe(0)
  })
})
