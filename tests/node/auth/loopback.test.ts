import { request } from 'node:http'
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LOOPBACK_CSP, startLoopback, type CallbackResult, type LoopbackListener, type LoopbackOptions } from '../../../src/main/features/auth/loopback'

const STATE = 'state-0123456789-abcdefghijklmnopqrstuvwxyz'
const open: LoopbackListener[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()))
})

async function listen(options: Partial<LoopbackOptions> = {}) {
  const results: CallbackResult[] = []
  const listener = await startLoopback({
    state: STATE,
    ...options,
    onResult: async (r) => {
      results.push(r)
      return options.onResult?.(r)
    },
  })
  open.push(listener)
  return { listener, results }
}

function callback(listener: LoopbackListener, params: Record<string, string>): string {
  const url = new URL(listener.redirectUri)
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
  return url.toString()
}

/** A raw GET, so a test can send any Host header. */
function rawGet(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

describe('loopback listener', () => {
  it('listens on 127.0.0.1 and an ephemeral port, answers the callback once with a self-contained page, then closes', async () => {
    const { listener, results } = await listen({ onResult: () => ({ ok: true, message: 'Parley is now connected to Lumen Bikes (@lumenbikes).' }) })
    expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(listener.port).toBeGreaterThan(0)

    const response = await fetch(callback(listener, { code: 'the-code', state: STATE }))
    const html = await response.text()
    expect(response.status).toBe(200)
    expect(html).toContain('You can close this tab and return to Parley')
    expect(html).toContain('Parley is now connected to Lumen Bikes (@lumenbikes).')
    expect(response.headers.get('content-security-policy')).toBe(LOOPBACK_CSP)
    expect(LOOPBACK_CSP).toContain("default-src 'none'")
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    // Nothing external, nothing executable.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|https?:\/\//i)

    expect(results).toHaveLength(1)
    expect(results[0]).toMatchObject({ kind: 'code', code: 'the-code' })
    await listener.closed
    expect(await refused('127.0.0.1', listener.port)).toBe(true)
  })

  it('refuses a callback with the wrong state in plain words and hands over no code', async () => {
    const exchange = vi.fn()
    const { listener, results } = await listen({
      onResult: (r) => {
        if (r.kind === 'code') exchange(r.code)
      },
    })
    const response = await fetch(callback(listener, { code: 'stolen-code', state: 'not-the-state' }))
    const html = await response.text()
    expect(response.status).toBe(400)
    expect(html).toContain('does not belong to the sign-in Parley started')
    expect(html).toContain('Nothing was connected')
    expect(exchange).not.toHaveBeenCalled()
    expect(results.map((r) => r.kind)).toEqual(['wrong_state'])
    await listener.closed
  })

  it('treats a missing state like a wrong one', async () => {
    const { listener, results } = await listen()
    const response = await fetch(callback(listener, { code: 'c' }))
    expect(response.status).toBe(400)
    expect(results.map((r) => r.kind)).toEqual(['wrong_state'])
  })

  it('reports access_denied and other platform errors in words', async () => {
    const denied = await listen()
    const response = await fetch(callback(denied.listener, { error: 'access_denied', error_description: 'The resource owner denied the request.', state: STATE }))
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('You chose not to let Parley use the account')
    expect(denied.results).toEqual([{ kind: 'denied', message: expect.stringContaining('nothing was connected') }])

    const other = await listen()
    await fetch(callback(other.listener, { error: 'invalid_scope', error_description: 'The requested scope is <b>invalid</b>.', state: STATE }))
    expect(other.results[0]).toMatchObject({ kind: 'error', message: expect.stringContaining('invalid_scope: The requested scope is <b>invalid</b>.') })

    const empty = await listen()
    const noCode = await fetch(callback(empty.listener, { state: STATE }))
    expect(await noCode.text()).toContain('sent no authorization code')
  })

  it('escapes what the platform wrote into the page', async () => {
    const { listener } = await listen()
    const html = await (await fetch(callback(listener, { error: 'server_error', error_description: '<script>alert(1)</script>', state: STATE }))).text()
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;')
  })

  it('stops waiting after its timeout and closes itself', async () => {
    const { listener, results } = await listen({ timeoutMs: 150 })
    await listener.closed
    expect(results).toEqual([{ kind: 'timeout', message: expect.stringContaining('Nobody approved the sign-in within 1 second') }])
    expect(await refused('127.0.0.1', listener.port)).toBe(true)
  })

  it('is cancelled by close()', async () => {
    const { listener, results } = await listen()
    await listener.close()
    expect(results.map((r) => r.kind)).toEqual(['cancelled'])
    expect(await refused('127.0.0.1', listener.port)).toBe(true)
  })

  it('only answers on 127.0.0.1 and for its own Host; other paths and methods do not end the wait', async () => {
    const { listener, results } = await listen()
    const query = `/callback?code=c&state=${STATE}`
    // A DNS name pointing at 127.0.0.1 (rebinding) is refused without using up the flow.
    expect((await rawGet(listener.port, query, `localhost:${listener.port}`)).status).toBe(421)
    expect((await rawGet(listener.port, query, `evil.example:${listener.port}`)).status).toBe(421)
    expect((await fetch(new URL('/favicon.ico', listener.redirectUri))).status).toBe(404)
    expect((await fetch(callback(listener, { code: 'c', state: STATE }), { method: 'POST' })).status).toBe(405)
    expect(results).toEqual([])
    for (const address of Object.values(networkInterfaces()).flat()) {
      if (address && address.family === 'IPv4' && !address.internal) expect(await refused(address.address, listener.port)).toBe(true)
    }
    expect(await refused('::1', listener.port)).toBe(true)
    expect((await fetch(callback(listener, { code: 'c', state: STATE }))).status).toBe(200)
    expect(results.map((r) => r.kind)).toEqual(['code'])
  })

  it('shows a failure page when finishing fails, and a generic one when it takes too long', async () => {
    const failing = await listen({ onResult: () => Promise.reject(new Error('boom')) })
    const failed = await fetch(callback(failing.listener, { code: 'c', state: STATE }))
    expect(failed.status).toBe(400)
    const failedHtml = await failed.text()
    expect(failedHtml).toContain('Parley could not finish connecting the account')
    expect(failedHtml).not.toContain('boom')

    const slow = await listen({ finishTimeoutMs: 50, onResult: () => new Promise(() => undefined) })
    const late = await fetch(callback(slow.listener, { code: 'c', state: STATE }))
    expect(late.status).toBe(200)
    expect(await late.text()).toContain('still finishing')
  })
})
