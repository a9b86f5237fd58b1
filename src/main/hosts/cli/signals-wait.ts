import { setTimeout as sleep } from 'node:timers/promises'

type Call = (op: 'signals.status', input: Record<string, never>) => Promise<{ ok: boolean; value?: unknown }>

/**
 * Waits until the listening signals of a just-loaded demo are scored (the worker scores them in the
 * background after the load), so the first screens and the weekly summary read finished figures rather
 * than a count that moves under them. Gives up quietly after two minutes or when nothing is scoring.
 */
export async function waitForSignals(call: Call, progress: (done: number, total: number) => void): Promise<void> {
  let idle = 0
  for (let i = 0; i < 1_200; i++) {
    const status = await call('signals.status', {})
    if (!status.ok) return
    const { scored, unscored, running } = status.value as { scored: number; unscored: number; running: boolean }
    progress(scored, scored + unscored)
    if (unscored === 0) return
    idle = running ? 0 : idle + 1
    if (idle > 20) return
    await sleep(100)
  }
}
