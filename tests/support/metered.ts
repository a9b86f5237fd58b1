import { randomUUID } from 'node:crypto'
import { createHttpClient, type HttpClient } from '../../src/main/base/http'
import type { ConnectorContext } from '../../src/main/model/connector'

export const testHttp = createHttpClient('Parley-test')

/** A clock shared by a fake and the connector; the test moves it. */
export function testClock(start = Date.now()): { t: number; now(): number } {
  return {
    t: start,
    now() {
      return this.t
    },
  }
}

/**
 * A connector context like the sync engine's: what the connector saves (rotated tokens, the budget) is
 * what the next call reads. Each context gets its own ledger id unless one is given.
 */
export function meteredContext(input: {
  baseUrl: string
  handle: string
  clock: { now(): number }
  secrets: Record<string, string>
  settings: Record<string, unknown>
  http?: HttpClient
}): ConnectorContext & { saved: { secrets: Record<string, string>[]; settings: Record<string, unknown>[] } } {
  const secrets = { ...input.secrets }
  const settings: Record<string, unknown> = { ledgerId: randomUUID(), ...input.settings }
  const saved = { secrets: [] as Record<string, string>[], settings: [] as Record<string, unknown>[] }
  return {
    http: input.http ?? testHttp,
    clock: input.clock,
    account: { id: 1, baseUrl: input.baseUrl, handle: input.handle, settings, secrets },
    saved,
    saveSecrets: async (next) => {
      Object.assign(secrets, next)
      saved.secrets.push({ ...next })
    },
    saveSettings: async (next) => {
      Object.assign(settings, next)
      saved.settings.push(structuredClone(next))
    },
  }
}

export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

/** Follows an authorization URL only as far as the fake's redirect to the loopback callback. */
export async function approve(authorizeUrl: string): Promise<URL> {
  const response = await fetch(authorizeUrl, { redirect: 'manual' })
  if (response.status !== 302) throw new Error(`authorize answered ${response.status}: ${await response.text()}`)
  return new URL(response.headers.get('location')!)
}
