import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { OAuthFlows, type FlowOutcome } from '../../../src/main/features/auth/oauth-flows'
import { challengeS256 } from '../../../src/main/features/auth/pkce'
import { ParleyError } from '../../../src/shared/contract'

const clock = { now: () => 1_000_000 }
const registries: OAuthFlows[] = []
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.closeAll()))
})

function registry(options: { timeoutMs?: number; maxFlows?: number } = {}) {
  const flows = new OAuthFlows(clock, options)
  registries.push(flows)
  return flows
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

/** A provider that is not Mastodon: its own endpoint and extra parameters, as Reddit or Google would have. */
function genericSpec(outcomes: FlowOutcome<string>[], complete = async (code: string, verifier: string) => `${code}:${verifier}`) {
  let challenge = ''
  return {
    spec: {
      prepare: async (redirectUri: string, request: { state: string; codeChallenge: string }) => {
        challenge = request.codeChallenge
        const url = new URL('https://auth.example/authorize')
        url.search = new URLSearchParams({ redirect_uri: redirectUri, state: request.state, code_challenge: request.codeChallenge, duration: 'permanent' }).toString()
        return { authorizeUrl: url.toString(), complete, describe: (v: string) => `done ${v.length}` }
      },
      finished: (o: FlowOutcome<string>) => outcomes.push(o),
    },
    challenge: () => challenge,
  }
}

describe('OAuth flow registry', () => {
  it('runs a platform-neutral flow: the verifier of the challenge reaches complete(), once', async () => {
    const flows = registry()
    const outcomes: FlowOutcome<string>[] = []
    const g = genericSpec(outcomes)
    const begun = await flows.begin(g.spec)
    expect(begun.expiresAt).toBe(clock.now() + 10 * 60_000)
    expect(flows.has(begun.flowId)).toBe(true)
    const authorize = new URL(begun.authorizeUrl)
    const callback = new URL(begun.redirectUri)
    callback.searchParams.set('code', 'abc')
    callback.searchParams.set('state', authorize.searchParams.get('state')!)
    const page = await (await fetch(callback)).text()
    expect(page).toContain('done')
    expect(outcomes).toHaveLength(1)
    const outcome = outcomes[0]!
    expect(outcome.ok).toBe(true)
    const [code, verifier] = (outcome as { value: string }).value.split(':')
    expect(code).toBe('abc')
    expect(challengeS256(verifier!)).toBe(g.challenge())
    expect(flows.size).toBe(0)
  })

  it('fails begin() and closes the listener when preparing fails; no finished outcome', async () => {
    const flows = registry()
    const outcomes: FlowOutcome<string>[] = []
    let port = 0
    await expect(
      flows.begin<string>({
        prepare: async (redirectUri) => {
          port = Number(new URL(redirectUri).port)
          throw new ParleyError('bad_input', 'That server cannot do this.')
        },
        finished: (o) => outcomes.push(o),
      }),
    ).rejects.toThrow('That server cannot do this.')
    expect(await refused(port)).toBe(true)
    expect(outcomes).toEqual([])
    expect(flows.size).toBe(0)
  })

  it('expires: the flow finishes as timed out and its listener closes', async () => {
    const flows = registry({ timeoutMs: 100 })
    const outcomes: FlowOutcome<string>[] = []
    const begun = await flows.begin(genericSpec(outcomes).spec)
    await new Promise((r) => setTimeout(r, 250))
    expect(outcomes).toEqual([{ flowId: begun.flowId, ok: false, reason: 'timeout', error: expect.stringContaining('Nothing was connected') }])
    expect(await refused(Number(new URL(begun.redirectUri).port))).toBe(true)
    expect(await flows.cancel(begun.flowId)).toBe(false)
  })

  it('limits how many sign-ins wait at once', async () => {
    const flows = registry({ maxFlows: 2 })
    const outcomes: FlowOutcome<string>[] = []
    await flows.begin(genericSpec(outcomes).spec)
    await flows.begin(genericSpec(outcomes).spec)
    await expect(flows.begin(genericSpec(outcomes).spec)).rejects.toMatchObject({ code: 'conflict' })
    await flows.closeAll()
    expect(outcomes.map((o) => !o.ok && o.reason)).toEqual(['cancelled', 'cancelled'])
  })

  it('cannot cancel once the code is being exchanged', async () => {
    const flows = registry()
    const outcomes: FlowOutcome<string>[] = []
    let release: () => void = () => undefined
    const g = genericSpec(outcomes, () => new Promise<string>((resolve) => (release = () => resolve('ok'))))
    const begun = await flows.begin(g.spec)
    const callback = new URL(begun.redirectUri)
    callback.searchParams.set('code', 'abc')
    callback.searchParams.set('state', new URL(begun.authorizeUrl).searchParams.get('state')!)
    const pending = fetch(callback)
    await new Promise((r) => setTimeout(r, 50))
    expect(await flows.cancel(begun.flowId)).toBe(false)
    release()
    expect((await pending).status).toBe(200)
    expect(outcomes.map((o) => o.ok)).toEqual([true])
  })

  it("takes the answer from the platform's own parameter, with the state written into the redirect address", async () => {
    const flows = registry()
    const outcomes: FlowOutcome<string>[] = []
    let redirect = ''
    const begun = await flows.begin({
      callback: { resultParam: 'payload', stateInRedirect: true },
      prepare: async (redirectUri: string) => {
        redirect = redirectUri
        // A platform that sends no state back: the authorize URL carries only the redirect address.
        return { authorizeUrl: `https://forum.example/approve?${new URLSearchParams({ auth_redirect: redirectUri }).toString()}`, complete: async (answer: string) => `got ${answer}` }
      },
      finished: (o: FlowOutcome<string>) => outcomes.push(o),
    })
    expect(begun.redirectUri).toBe(redirect)
    const back = new URL(redirect)
    expect(back.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // An OAuth code is not what this flow waits for: the page says so and the flow ends.
    const wrong = new URL(back)
    wrong.searchParams.set('code', 'abc')
    const refusedPage = await fetch(wrong)
    expect(refusedPage.status).toBe(400)
    expect(await refusedPage.text()).toContain('The server sent nothing Parley could use back')
    expect(outcomes).toEqual([{ flowId: begun.flowId, ok: false, reason: 'error', error: expect.stringContaining('nothing Parley could use') }])

    const again = await flows.begin({
      callback: { resultParam: 'payload', stateInRedirect: true },
      prepare: async (redirectUri: string) => {
        redirect = redirectUri
        return { authorizeUrl: 'https://forum.example/approve', complete: async (answer: string) => `got ${answer}` }
      },
      finished: (o: FlowOutcome<string>) => outcomes.push(o),
    })
    const answered = new URL(redirect)
    answered.searchParams.append('payload', 'sealed+key/==')
    expect((await fetch(answered)).status).toBe(200)
    expect(outcomes.at(-1)).toEqual({ flowId: again.flowId, ok: true, value: 'got sealed+key/==' })
  })
})
