import { copyFileSync, existsSync, rmSync, statSync, utimesSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { databaseFile } from '../../../src/main/base/paths'
import { RECHECK_AFTER_MS, takeCleanClose } from '../../../src/main/store/clean-close'
import { DamagedWorkspaceError } from '../../../src/main/store/integrity'
import { scramblePages } from '../../support/damage'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

/** Scrambles pages but puts the mtime back: damage no write time gives away (a failing disk). */
function silentDamage(file: string): void {
  const { mtime, atime } = statSync(file)
  scramblePages(file, { fromFraction: 0.3, pages: 8 })
  utimesSync(file, atime, mtime)
}

describe('quick_check at open, skipped after a clean close', () => {
  let dir: string
  let cleanup: () => void
  let clock: FakeClock
  let file: string
  beforeEach(async () => {
    ;({ dir, cleanup } = tempDir('parley-clean-close-'))
    clock = new FakeClock()
    file = databaseFile(dir)
    const ws = openWorkspace(dir, clock)
    expect((await typed(ws)('workspace.loadDemo', { conversations: 80 })).ok).toBe(true)
    await ws.close()
  })
  afterEach(() => cleanup())

  it('leaves a stamp on a clean close and consumes it at the next open', async () => {
    expect(existsSync(`${file}.clean-close`)).toBe(true)
    const ws = openWorkspace(dir, clock)
    expect(existsSync(`${file}.clean-close`)).toBe(false)
    await ws.close()
    expect(existsSync(`${file}.clean-close`)).toBe(true)
  })

  it('trusts the file only while it is exactly as it was closed', () => {
    const now = clock.now()
    expect(takeCleanClose(file, now)).toBe(now)
    // Consumed: a process that dies before its close leaves nothing to trust.
    expect(takeCleanClose(file, now)).toBeNull()
  })

  it('checks again when the file was written since, is a copy, has a WAL, or the check is a week old', async () => {
    const stamped = async (): Promise<void> => (await openWorkspace(dir, clock).close(), undefined)
    const later = new Date(statSync(file).mtimeMs + 5_000)
    utimesSync(file, later, later)
    expect(takeCleanClose(file, clock.now())).toBeNull()

    await stamped()
    copyFileSync(file, `${file}.copy`)
    rmSync(file)
    copyFileSync(`${file}.copy`, file)
    expect(takeCleanClose(file, clock.now())).toBeNull()

    await stamped()
    copyFileSync(file, `${file}-wal`)
    expect(takeCleanClose(file, clock.now())).toBeNull()
    rmSync(`${file}-wal`)

    await stamped()
    expect(takeCleanClose(file, clock.now() + RECHECK_AFTER_MS)).toBeNull()
  })

  it('carries the last check time across closes, so a check still runs every week', async () => {
    const checked = clock.now()
    clock.advance(RECHECK_AFTER_MS - 3_600_000)
    await openWorkspace(dir, clock).close()
    // Had that open checked again, the stamp would say an hour ago and still be trusted.
    expect(takeCleanClose(file, checked + RECHECK_AFTER_MS)).toBeNull()
  })

  it('finds damage by another program at the next open', () => {
    scramblePages(file, { fromFraction: 0.3, pages: 8 })
    expect(() => openWorkspace(dir, clock)).toThrow(DamagedWorkspaceError)
  })

  it('finds damage that kept the mtime at the weekly recheck', () => {
    silentDamage(file)
    clock.advance(RECHECK_AFTER_MS)
    expect(() => openWorkspace(dir, clock)).toThrow(DamagedWorkspaceError)
  })
})
