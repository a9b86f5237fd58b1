import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** The system's own Node and npx (older than the project's Node 22), when this machine has them. */
function systemNpx(): { npx: string; bin: string; version: string } | null {
  for (const bin of ['/usr/bin', '/usr/local/bin', '/bin']) {
    const node = `${bin}/node`
    const npx = `${bin}/npx`
    if (!existsSync(node) || !existsSync(npx)) continue
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
    if (Number(version.slice(1).split('.')[0]) < 22) return { npx, bin, version }
  }
  return null
}

const system = systemNpx()

describe.runIf(system)('a newcomer runs `npx parley` with the system Node', () => {
  it(`prints the help and not one npm warning (system Node ${system?.version})`, () => {
    // A fresh home, as on a newcomer's machine (npm warns on the first runs with an empty cache); offline, so nothing
    // but this folder is consulted.
    const home = mkdtempSync(join(tmpdir(), 'parley-npx-home-'))
    const run = spawnSync(system!.npx, ['parley', '--help'], {
      encoding: 'utf8',
      env: { PATH: `${system!.bin}:/usr/bin:/bin`, HOME: home, npm_config_offline: 'true' },
    })
    rmSync(home, { recursive: true, force: true })
    expect(run.stdout).toMatch(/Usage: parley <command>/)
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
  })
})
