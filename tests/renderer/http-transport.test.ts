// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createHttpTransport } from '@renderer/api/http-transport'
import { takeRefusedAddress } from '@renderer/api/token'
import { ApiError, createClient } from '@renderer/api/client'

describe('browser-mode address', () => {
  beforeEach(() => {
    sessionStorage.clear()
    window.history.replaceState(null, '', '/')
  })

  it('treats a page that still has ?token= as refused, and cleans the address bar', () => {
    window.history.replaceState(null, '', '/?token=abc123&view=done#x')
    expect(takeRefusedAddress()).toBe(true)
    expect(window.location.search).toBe('?view=done')
    expect(window.location.hash).toBe('#x')
    expect(window.location.href).not.toContain('token')
  })

  it('keeps nothing reusable in the profile: the old stored token is removed', () => {
    sessionStorage.setItem('parley.token', 'from-an-older-build')
    expect(takeRefusedAddress()).toBe(false)
    expect(sessionStorage.getItem('parley.token')).toBeNull()
  })
})

describe('HTTP transport calls', () => {
  afterEach(() => vi.restoreAllMocks())

  it('POSTs JSON with the bearer token and returns the envelope, also for errors', async () => {
    const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      new Response(JSON.stringify({ ok: false, error: { code: 'not_found', message: 'Conversation 9 does not exist.' } }), {
        status: 404,
        headers: { 'Content-Type': 'application/json' },
      }),
    )
    const transport = createHttpTransport({ token: 't0k', origin: 'http://127.0.0.1:4321', fetch: fetch as typeof globalThis.fetch, events: false })
    const result = await transport.call('conversations.get', { id: 9 })
    expect(result).toEqual({ ok: false, error: { code: 'not_found', message: 'Conversation 9 does not exist.' } })
    const [url, init] = fetch.mock.calls[0]!
    expect(String(url)).toBe('http://127.0.0.1:4321/api/call/conversations.get')
    expect(init?.method).toBe('POST')
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer t0k')
    expect(init?.body).toBe('{"id":9}')

    // The client turns the envelope into an ApiError with the plain message and code.
    const error = await createClient(transport)
      .call('conversations.get', { id: 9 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('not_found')
    expect((error as ApiError).message).toBe('Conversation 9 does not exist.')
  })

  it('reports a plain "unavailable" error when the server cannot be reached', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    })
    const transport = createHttpTransport({ token: 't', origin: 'http://127.0.0.1:1', fetch: fetch as typeof globalThis.fetch, events: false })
    const result = await transport.call('app.info', {})
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('unavailable')
      expect(result.error.message).not.toMatch(/TypeError|fetch/)
    }
  })
})

describe('HTTP transport events', () => {
  class FakeSocket {
    static instances: FakeSocket[] = []
    onopen: (() => void) | null = null
    onmessage: ((m: { data: string }) => void) | null = null
    onclose: (() => void) | null = null
    constructor(public url: string) {
      FakeSocket.instances.push(this)
    }
    close(): void {
      this.onclose?.()
    }
  }

  beforeEach(() => {
    FakeSocket.instances = []
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  it('delivers events, reconnects with backoff and reports the connection state', async () => {
    const transport = createHttpTransport({
      token: 'a b',
      origin: 'http://127.0.0.1:4321',
      WebSocket: FakeSocket as unknown as typeof WebSocket,
    })
    const states: string[] = []
    transport.onConnection((s) => states.push(s))
    const first = FakeSocket.instances[0]!
    expect(first.url).toBe('ws://127.0.0.1:4321/api/events')
    first.onopen?.()

    const seen: unknown[] = []
    transport.on('counts.changed', (p) => seen.push(p))
    first.onmessage?.({ data: JSON.stringify({ event: 'counts.changed', payload: { views: {}, accounts: [] } }) })
    first.onmessage?.({ data: JSON.stringify({ event: 'not.an.event', payload: 1 }) })
    first.onmessage?.({ data: 'garbage' })
    expect(seen).toEqual([{ views: {}, accounts: [] }])

    first.onclose?.()
    expect(transport.connectionState).toBe('reconnecting')
    expect(FakeSocket.instances).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(700)
    expect(FakeSocket.instances).toHaveLength(2)
    FakeSocket.instances[1]!.onopen?.()
    expect(states).toEqual(['reconnecting', 'online'])
    transport.close()
  })

  const sessionFetch = (value: unknown) =>
    vi.fn(async (_url: string | URL | Request) => new Response(JSON.stringify({ ok: true, value }), { headers: { 'Content-Type': 'application/json' } }))

  it('says Parley restarted instead of reconnecting forever when the server no longer knows the session', async () => {
    const fetch = sessionFetch({ signedIn: false, reason: 'restarted' })
    const transport = createHttpTransport({ origin: 'http://127.0.0.1:4321', fetch: fetch as typeof globalThis.fetch, WebSocket: FakeSocket as unknown as typeof WebSocket })
    const reasons: string[] = []
    transport.onSignedOut((reason) => reasons.push(reason))
    FakeSocket.instances[0]!.onopen?.()
    FakeSocket.instances[0]!.onclose?.()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(String(fetch.mock.calls[0]![0])).toBe('http://127.0.0.1:4321/api/session')
    expect(reasons).toEqual(['restarted'])
    expect(FakeSocket.instances).toHaveLength(1)
  })

  it('keeps reconnecting while the session is still known (the server was only unreachable)', async () => {
    const fetch = sessionFetch({ signedIn: true })
    const transport = createHttpTransport({ origin: 'http://127.0.0.1:4321', fetch: fetch as typeof globalThis.fetch, WebSocket: FakeSocket as unknown as typeof WebSocket })
    const reasons: string[] = []
    transport.onSignedOut((reason) => reasons.push(reason))
    FakeSocket.instances[0]!.onclose?.()
    await vi.advanceTimersByTimeAsync(700)
    expect(FakeSocket.instances).toHaveLength(2)
    expect(reasons).toEqual([])
    transport.close()
  })
})
