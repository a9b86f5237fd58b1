// Shared set-up for the Facebook and Instagram connector tests: the fake, a clock and a connector context.
import { createHttpClient, type HttpClient } from '../../../src/main/base/http'
import type { ConnectorContext, PollOptions } from '../../../src/main/model/connector'
import { startMetaFake, type MetaFake, type MetaFakeOptions } from '../../../src/main/features/connectors/meta/fake-server'

export const http = createHttpClient('Parley-test')
export const HOUR = 3_600_000

export interface TestClock {
  t: number
  now(): number
}

/** Starts at the real time (rounded to a second, as Graph's times are) so usage windows lie ahead. */
export function clock(): TestClock {
  return {
    t: Math.floor(Date.now() / 1000) * 1000,
    now() {
      return this.t
    },
  }
}

export async function metaFake(c: TestClock, options: MetaFakeOptions = {}): Promise<MetaFake> {
  return startMetaFake({ now: () => c.now(), ...options })
}

let nextAccount = 1

export function contextFor(
  f: MetaFake,
  c: TestClock,
  platform: 'facebook' | 'instagram',
  over: { token?: string; baseUrl?: string; http?: HttpClient; settings?: Record<string, unknown> } = {},
): ConnectorContext {
  const settings: Record<string, unknown> =
    platform === 'facebook'
      ? { appId: f.appId, pageId: f.cast.pageId, pageName: f.cast.pageName }
      : { appId: f.appId, pageId: f.cast.pageId, igUserId: f.cast.igId, igUsername: f.cast.igUsername }
  return {
    http: over.http ?? http,
    clock: c,
    account: {
      // Each context is its own account, so one test's usage guard never holds another's polls.
      id: nextAccount++,
      baseUrl: over.baseUrl ?? f.url,
      handle: platform === 'facebook' ? '@lumenbikes' : '@lumenbikes',
      settings: { ...settings, ...over.settings },
      secrets: { pageToken: over.token ?? f.state.pages.get(f.cast.pageId)!.token },
    },
    saveSecrets: async () => undefined,
    saveSettings: async () => undefined,
  }
}

export const since = (c: TestClock, hours = 14 * 24): PollOptions => ({ backfillSince: c.now() - hours * HOUR })

export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}
