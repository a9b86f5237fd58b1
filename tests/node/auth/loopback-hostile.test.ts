import { afterEach, describe, expect, it } from 'vitest'
import { startLoopback, type CallbackResult, type LoopbackListener } from '../../../src/main/features/auth/loopback'
import { rawRequest } from '../security/raw-http'

/**
 * The sign-in listener runs inside the database worker: a request it cannot parse must get a page,
 * not an unhandled rejection (which ends the worker, and with it every later call).
 */
describe('OAuth loopback listener under hostile requests', () => {
  let listener: LoopbackListener | null = null
  afterEach(async () => {
    await listener?.close()
    listener = null
  })

  it.each(['//[', '//[/callback', 'http://[/callback'])('answers 400 to the unparseable path %s and still takes the real callback', async (path) => {
    const results: CallbackResult[] = []
    listener = await startLoopback({ state: 'st', onResult: (result) => void results.push(result) })
    const port = listener.port
    const bad = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('That address is not valid.')
    expect(results).toEqual([])
    const good = await rawRequest(port, `GET /callback?state=st&code=abc HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)
    expect(good.status).toBe(200)
    expect(results).toMatchObject([{ kind: 'code', code: 'abc' }])
  })
})
