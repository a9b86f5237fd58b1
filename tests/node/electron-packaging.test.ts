import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DebugLogger } from 'builder-util'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js'
import type { Configuration } from 'app-builder-lib'
import { minimatch } from 'minimatch'
import { describe, expect, it } from 'vitest'

/**
 * electron-builder.yml, checked the way electron-builder itself checks it (its JSON schema),
 * without building: the Electron runtime cannot be downloaded here.
 */
const root = join(import.meta.dirname, '..', '..')
const load = (): Promise<Configuration> => getConfig(root, 'electron-builder.yml', null)

/** A package is native when it builds with node-gyp (binding.gyp) or ships a compiled .node file. */
function isNative(dir: string): boolean {
  if (existsSync(join(dir, 'binding.gyp'))) return true
  const walk = (d: string, depth: number): boolean =>
    readdirSync(d, { withFileTypes: true }).some((e) =>
      e.isFile() ? e.name.endsWith('.node') : e.isDirectory() && e.name !== 'node_modules' && depth < 4 && walk(join(d, e.name), depth + 1),
    )
  return walk(dir, 0)
}

/** Every package the packaged app ships (not dev-only in the lock file) that is native. */
function nativeProductionPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> }
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && existsSync(join(root, path)) && isNative(join(root, path)))
    .map(([path]) => path)
}

describe('electron-builder configuration', () => {
  it('passes electron-builder\'s own schema validation', async () => {
    const config = await load()
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('refuses a configuration with a mistyped field (the check can fail)', async () => {
    const config = { ...(await load()), asarUnpak: ['node_modules/keytar/**'] } as Configuration
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/asarUnpak/)
  })

  it('unpacks every native module the app ships from the asar', async () => {
    const natives = nativeProductionPackages()
    expect(natives).toEqual(expect.arrayContaining(['node_modules/better-sqlite3', 'node_modules/keytar']))
    const patterns = [(await load()).asarUnpack ?? []].flat()
    for (const dir of natives) {
      const binary = `${dir}/build/Release/binding.node`
      expect(patterns.some((pattern) => minimatch(binary, pattern)), `${dir} is not in asarUnpack`).toBe(true)
    }
  })

  it('builds AppImage and deb, dmg and zip (hardened, notarised from the environment), NSIS, and updates from a generic feed', async () => {
    const config = await load()
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.mac?.target).toEqual(['dmg', 'zip'])
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true })
    expect(JSON.stringify(config)).not.toMatch(/APPLE_(ID|APP_SPECIFIC_PASSWORD|API_KEY)"?\s*:/)
    expect(config.win?.target).toBe('nsis')
    expect(config.publish).toMatchObject({ provider: 'generic' })
    expect(config.protocols).toEqual([{ name: 'Parley', schemes: ['parley'] }])
  })
})
