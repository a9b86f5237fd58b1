import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { databaseFile } from '../../../src/main/base/paths'
import { writeFiles } from '../../../src/main/features/reports/export'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

// Modes are POSIX; on Windows the per-user profile folder is what keeps a workspace private.
const posix = process.platform !== 'win32'

/** Every folder and file under `root`, with its permission bits. */
function modes(root: string): Map<string, number> {
  const found = new Map<string, number>()
  const walk = (dir: string): void => {
    found.set(relative(root, dir) || '.', statSync(dir).mode & 0o777)
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else found.set(relative(root, path), statSync(path).mode & 0o777)
    }
  }
  walk(root)
  return found
}

function expectPrivate(root: string): void {
  const wrong = [...modes(root)].filter(([path, mode]) => {
    const dir = statSync(join(root, path)).isDirectory()
    return mode !== (dir ? 0o700 : 0o600)
  })
  expect(wrong.map(([path, mode]) => `${path} ${mode.toString(8)}`)).toEqual([])
}

describe.runIf(posix)('a workspace is readable by its user only', () => {
  const cleanups: (() => void)[] = []
  const previousUmask = process.umask(0o022) // the common default, under which files come out 0644
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!()
  })
  afterAll(() => process.umask(previousUmask))

  it('creates folders 0700 and the database, its WAL and SHM, locks, backups and reports 0600', async () => {
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    const dataDir = join(tmp.dir, 'workspace')
    const client = openWorkspace(dataDir, new FakeClock())
    await client.core.demo.load(20)
    await typed(client)('conversations.list', { view: 'inbox', limit: 10 })
    await client.core.backups.backupNow('manual')
    const reportDir = join(tmp.dir, 'reports')
    const exported = await typed(client)('reports.export', { format: 'csv' })
    expect(exported.ok).toBe(true)
    if (exported.ok) writeFiles(reportDir, exported.value.files)

    // While it is open: the write-ahead log and shared memory exist and are private too.
    expect(existsSync(`${databaseFile(dataDir)}-wal`)).toBe(true)
    expect(existsSync(`${databaseFile(dataDir)}-shm`)).toBe(true)
    expect(existsSync(join(dataDir, 'backups'))).toBe(true)
    expectPrivate(dataDir)
    expectPrivate(reportDir)
    await client.close()
    expectPrivate(dataDir)
  })

  it('tightens a workspace an older Parley left 0755/0644 when it opens it', async () => {
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    const dataDir = join(tmp.dir, 'workspace')
    const first = openWorkspace(dataDir)
    await first.core.demo.load(5)
    await first.core.backups.backupNow('manual')
    await first.close()
    writeFileSync(join(dataDir, 'parley.db.clean-close.tmp'), '{}')
    for (const [path] of modes(dataDir)) {
      const full = join(dataDir, path)
      chmodSync(full, statSync(full).isDirectory() ? 0o755 : 0o644)
    }
    mkdirSync(join(dataDir, 'elsewhere'), { mode: 0o755 })
    writeFileSync(join(dataDir, 'notes.sh'), '#!/bin/sh\n', { mode: 0o755 })
    chmodSync(join(dataDir, 'notes.sh'), 0o755)

    const again = openWorkspace(dataDir)
    try {
      const fixed = modes(dataDir)
      // What Parley does not own is left as it was (a --data-dir may point at a folder with other things in it).
      fixed.delete('elsewhere')
      fixed.delete('notes.sh')
      for (const [path, mode] of fixed) expect(`${path} ${mode.toString(8)}`).toBe(`${path} ${statSync(join(dataDir, path)).isDirectory() ? '700' : '600'}`)
      expect(statSync(join(dataDir, 'elsewhere')).mode & 0o777).toBe(0o755)
      expect(statSync(join(dataDir, 'notes.sh')).mode & 0o777).toBe(0o755)
    } finally {
      await again.close()
    }
  })
})
