import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { IPC_EVENT_CHANNEL, ipcCallChannel } from '../../src/shared/contract/api'
import { eventNames, operationNames } from '../../src/shared/contract/names'
import { builderSection } from '../support/builder-yml'

/**
 * The items of Electron's security checklist that electron-hardening.test.ts does not cover:
 * fuses (16), a current Electron (19) and what the preload exposes (20). The preload runs
 * against a stand-in for the electron module, since the binary cannot run here.
 */
const root = join(import.meta.dirname, '..', '..')

const exposed: Record<string, unknown> = {}
const invoked: { channel: string; input: unknown }[] = []
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => (invoked.push({ channel, input }), Promise.resolve({ ok: true })),
    on: () => undefined,
    removeListener: () => undefined,
  },
}))

describe('Electron security checklist', () => {
  it('packages with the fuses that turn off Node entry points and check the asar', () => {
    expect(builderSection('electronFuses')).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    })
  })

  it('builds on a supported Electron (45 or newer), the one the lock file installs', () => {
    const wanted = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron
    const installed = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version
    const major = Number(installed.split('.')[0])
    expect(major).toBeGreaterThanOrEqual(45)
    expect(wanted).toMatch(new RegExp(`^\\^${major}\\.`))
  })

  it('exposes only the contract on window.parley: one frozen method per operation, contract events, no IPC object', async () => {
    await import('../../src/preload/index')
    const api = exposed.parley as Record<string, unknown>
    expect(Object.keys(exposed)).toEqual(['parley'])
    expect(Object.isFrozen(api)).toBe(true)
    expect(Object.keys(api).sort()).toEqual([...operationNames, 'on', 'events'].sort())
    expect(api.events).toEqual([...eventNames])
    for (const value of Object.values(api)) expect(value).not.toHaveProperty('invoke')

    await (api['views.counts'] as (input: unknown) => Promise<unknown>)({})
    expect(invoked).toEqual([{ channel: ipcCallChannel('views.counts'), input: {} }])
    expect(IPC_EVENT_CHANNEL).toBe('parley:event')
    const on = api.on as (event: string, listener: () => void) => () => void
    expect(() => on('shell.exec', () => undefined)).toThrow(/Unknown event "shell.exec"/)
    expect(typeof on(eventNames[0]!, () => undefined)).toBe('function')
  })
})
