import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from '../../src/main/base/clock'
import { inProcessCore } from '../../src/main/hosts/worker/in-process'
import type { CoreClient } from '../../src/main/hosts/worker/core-client'
import type { CallResult, OperationInput, OperationName, OperationOutput } from '../../src/shared/contract'

/** A real workspace in a temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'parley-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export class FakeClock implements Clock {
  constructor(public time = Date.UTC(2026, 10, 16, 9, 0, 0)) {}
  now(): number {
    return this.time
  }
  advance(ms: number): void {
    this.time += ms
  }
}

export function openWorkspace(dir: string, clock: Clock = new FakeClock()): ReturnType<typeof inProcessCore> {
  return inProcessCore({ dataDir: dir, version: '0.0.0-test', clock, vault: null })
}

/** The contract's types over an untyped client, for tests that make valid calls. */
export function typed(client: CoreClient) {
  return <N extends OperationName>(op: N, input: OperationInput<N>) =>
    client.call(op, input) as Promise<CallResult<OperationOutput<N>>>
}
