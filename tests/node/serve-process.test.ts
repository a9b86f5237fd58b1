import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { databaseFile } from '../../src/main/base/paths'
import { latestSchemaVersion, openDatabase } from '../../src/main/store/database'
import { tempDir } from '../support/workspace'

/** Runs the real launcher (built bundle, database worker thread) as a user would. */
function parley(args: string[], onStdout?: (text: string, kill: () => void) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/parley.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      onStdout?.(stdout, () => child.kill('SIGTERM'))
    })
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('parley serve as a process', () => {
  let dir: string
  let cleanup: () => void
  beforeEach(() => ({ dir, cleanup } = tempDir()))
  afterEach(() => cleanup())

  it('starts the worker-hosted core, prints the ready line, and stops cleanly on SIGTERM', async () => {
    const result = await parley(['serve', '--data-dir', dir, '--port', '0'], (text, kill) => {
      if (/Parley is ready at http:\/\/127\.0\.0\.1:\d+\/\?token=\S+\n/.test(text)) kill()
    })
    expect(result.stdout).toMatch(/^Parley is ready at http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}\n$/)
    expect(result.code).toBe(0)
    // The worker closed the database properly: it opens again without recovery work.
    const db = new Database(databaseFile(dir), { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion)
    db.close()
  })

  it('refuses a workspace from a newer Parley with a clear message and a non-zero exit', async () => {
    openDatabase({ file: databaseFile(dir) }).close()
    const raw = new Database(databaseFile(dir))
    raw.pragma(`user_version = ${latestSchemaVersion + 1}`)
    raw.close()
    const result = await parley(['serve', '--data-dir', dir, '--port', '0'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/written by a newer version of Parley/)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(result.stdout).toBe('')
  })
})
