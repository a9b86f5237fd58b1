// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createHttpTransport, takeToken, TOKEN_KEY } from '@renderer/api/http-transport'
import { ApiError, createClient } from '@renderer/api/client'

describe('browser-mode token', () => {
  beforeEach(() => {
    sessionStorage.clear()
    window.history.replaceState(null, '', '/')
  })

  it('stores the token from the URL and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/?token=abc123&view=done#x')
    expect(takeToken()).toBe('abc123')
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe('abc123')
    expect(window.location.search).toBe('?view=done')
    expect(window.location.hash).toBe('#x')
    expect(window.location.href).not.toContain('token')
  })

  it('finds the token again after a reload (sessionStorage)', () => {
    window.history.replaceState(null, '', '/?token=keep-me')
    takeToken()
    // A reload keeps sessionStorage but the URL no longer has the token.
    expect(window.location.href).not.toContain('token=')
    expect(takeToken()).toBe('keep-me')
  })

  it('returns null when there is no token anywhere', () => {
    expect(takeToken()).toBeNull()
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
    expect(first.url).toBe('ws://127.0.0.1:4321/api/events?token=a%20b')
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
})
