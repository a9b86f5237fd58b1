import { readdirSync, rmSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { ensurePrivateDir, writePrivateFile } from './private-files'

/**
 * Marks a workspace as open by this process: one file per opener in
 * <dataDir>/locks named "<pid>.<random>.lock". Not exclusive (writer-lock.ts is
 * what keeps a second process out); it also covers a process that is only
 * recovering a damaged database, so `parley restore` refuses to swap the file
 * under it. A file whose process is gone is stale.
 */
export interface WorkspaceLock {
  release(): void
}

export const locksDir = (dataDir: string): string => join(dataDir, 'locks')

export function acquireWorkspaceLock(dataDir: string): WorkspaceLock {
  const dir = locksDir(dataDir)
  ensurePrivateDir(dataDir)
  ensurePrivateDir(dir)
  const file = join(dir, `${process.pid}.${randomUUID()}.lock`)
  writePrivateFile(file, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }))
  let held = true
  return {
    release() {
      if (!held) return
      held = false
      rmSync(file, { force: true })
    },
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Process ids, other than this one, that have the workspace open now; removes stale lock files on the way. */
export function otherOpeners(dataDir: string): number[] {
  let names: string[]
  try {
    names = readdirSync(locksDir(dataDir))
  } catch {
    return []
  }
  const pids = new Set<number>()
  for (const name of names) {
    const pid = Number(name.split('.')[0])
    if (!Number.isInteger(pid) || pid <= 0 || !name.endsWith('.lock')) continue
    if (pid === process.pid) continue
    if (alive(pid)) pids.add(pid)
    else rmSync(join(locksDir(dataDir), name), { force: true })
  }
  return [...pids]
}
