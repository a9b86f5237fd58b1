import { createHttpClient } from '../../src/main/base/http'
import type { Connector } from '../../src/main/model/connector'
import { inProcessCore } from '../../src/main/hosts/worker/in-process'
import type { Vault } from '../../src/main/features/vault/vault'
import { FakeClock, tempDir } from './workspace'

/** A workspace whose sync engine is driven by hand: a fake clock, no timers, fixed jitter. */
export function syncWorkspace(options: { connectors: Connector[]; vault?: Vault | null; timeoutMs?: number; maxConcurrent?: number }) {
  const t = tempDir('parley-sync-')
  const clock = new FakeClock(Date.now())
  const base = createHttpClient('Parley-test')
  const http = options.timeoutMs
    ? { request: (url: string, init = {}) => base.request(url, { timeoutMs: options.timeoutMs, ...init }) }
    : base
  const ws = inProcessCore({
    dataDir: t.dir,
    version: '0.0.0-test',
    clock,
    vault: options.vault ?? null,
    connectors: options.connectors,
    http,
    random: () => 1,
    sync: { backoff: { baseMs: 10_000, maxMs: 160_000 }, ...(options.maxConcurrent ? { maxConcurrent: options.maxConcurrent } : {}) },
  })
  return {
    ...ws,
    clock,
    dir: t.dir,
    cleanup: async () => {
      await ws.close()
      t.cleanup()
    },
  }
}

/** An in-memory vault for tests that are not about the keychain itself. */
export class MemoryVault implements Vault {
  readonly kind = 'keychain' as const
  readonly description = 'Memory (tests)'
  readonly entries = new Map<string, string>()
  async check(): Promise<void> {}
  async get(account: string): Promise<string | null> {
    return this.entries.get(account) ?? null
  }
  async set(account: string, secret: string): Promise<void> {
    this.entries.set(account, secret)
  }
  async delete(account: string): Promise<boolean> {
    return this.entries.delete(account)
  }
  async list(prefix: string): Promise<string[]> {
    return [...this.entries.keys()].filter((k) => k.startsWith(prefix)).sort()
  }
}
