import Database from 'better-sqlite3'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { ParleyError } from '../../shared/contract'
import { createPrivateFile, ensurePrivateDir, writePrivateFile } from './private-files'
import { locksDir } from './workspace-lock'

/**
 * One process at a time owns a workspace for writing: the desktop app, `parley serve`, or a one-shot
 * command. Two owners would both poll, both run the outbox and both send the same reply.
 *
 * The lock is an exclusive SQLite transaction held open on <dataDir>/locks/writer.lock: the operating
 * system's file lock, which the kernel drops when the process dies, so a crash leaves no stale lock and a
 * reused process id cannot fake one. Beside it, <dataDir>/locks/instance.json (0600) says who holds it
 * and, for browser mode, at which address (never with the token), so a refused command can say where to go.
 */
export interface WriterLock {
  release(): void
}

export interface InstanceInfo {
  pid: number
  startedAt: string
  /** What the holder is, e.g. "parley serve"; absent for the desktop app. */
  command?: string
  /** Browser mode's address, without its token. */
  address?: string
}

const lockFile = (dataDir: string): string => join(locksDir(dataDir), 'writer.lock')
export const instanceFile = (dataDir: string): string => join(locksDir(dataDir), 'instance.json')

/** This thread's hold on each workspace, so a second core in the same thread (tests, recovery) shares it. */
const held = new Map<string, { db: Database.Database; count: number }>()

/** What this thread announces itself as when it takes a lock, e.g. "parley sync --once". */
let label: string | undefined
export function setInstanceLabel(command: string): void {
  label = command
}

/** Takes the workspace for writing, or throws WorkspaceBusyError naming the process that has it. */
export function acquireWriterLock(dataDir: string): WriterLock {
  const key = lockFile(dataDir)
  const mine = held.get(key)
  if (mine) {
    mine.count++
    return once(() => releaseHold(dataDir, key))
  }
  ensurePrivateDir(dataDir)
  ensurePrivateDir(locksDir(dataDir))
  createPrivateFile(key)
  const db = new Database(key, { timeout: 0 })
  try {
    // The default rollback journal: a lock-only file never needs a WAL, and EXCLUSIVE then keeps readers out too.
    db.exec('BEGIN EXCLUSIVE')
  } catch (error) {
    db.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new WorkspaceBusyError(dataDir, readInstance(dataDir))
    throw error
  }
  held.set(key, { db, count: 1 })
  writePrivateFile(instanceFile(dataDir), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), ...(label ? { command: label } : {}) }))
  return once(() => releaseHold(dataDir, key))
}

/** Adds browser mode's address to this process's instance file (the lock stays where it is). */
export function announceInstance(dataDir: string, extra: { command?: string; address?: string }): void {
  const current = readInstance(dataDir)
  if (current?.pid !== process.pid) return
  writePrivateFile(instanceFile(dataDir), JSON.stringify({ ...current, ...extra }))
}

/** Who holds the workspace now, or null when nobody does (probed, not just read from the instance file). */
export function runningInstance(dataDir: string): InstanceInfo | null {
  try {
    acquireWriterLock(dataDir).release()
    return null
  } catch (error) {
    if (error instanceof WorkspaceBusyError) return error.instance ?? { pid: 0, startedAt: '' }
    return null
  }
}

export function readInstance(dataDir: string): InstanceInfo | null {
  try {
    const parsed = JSON.parse(readFileSync(instanceFile(dataDir), 'utf8')) as Partial<InstanceInfo>
    return typeof parsed.pid === 'number' ? (parsed as InstanceInfo) : null
  } catch {
    return null
  }
}

function releaseHold(dataDir: string, key: string): void {
  const mine = held.get(key)
  if (!mine) return
  if (--mine.count > 0) return
  held.delete(key)
  if (readInstance(dataDir)?.pid === process.pid) rmSync(instanceFile(dataDir), { force: true })
  try {
    mine.db.exec('ROLLBACK')
  } finally {
    mine.db.close()
  }
}

function once(fn: () => void): WriterLock {
  let done = false
  return {
    release() {
      if (done) return
      done = true
      fn()
    },
  }
}

/** Another process owns the workspace; the message says which and what to do. */
export class WorkspaceBusyError extends ParleyError {
  constructor(
    readonly dataDir: string,
    readonly instance: InstanceInfo | null,
  ) {
    super('conflict', busyMessage(dataDir, instance))
    this.name = 'WorkspaceBusyError'
  }
}

export function busyMessage(dataDir: string, instance: InstanceInfo | null): string {
  const who = instance?.address
    ? `Parley is already running on this workspace at ${instance.address} (process ${instance.pid}).`
    : instance?.command
      ? `"${instance.command}" (process ${instance.pid}) is using this workspace right now.`
      : `Another Parley (${instance?.pid ? `process ${instance.pid}: ` : ''}the desktop app or a command still running) has this workspace open.`
  const what = instance?.address
    ? ` Open that address (its terminal printed the address with its token), or stop it with Ctrl-C in its terminal, then run this again.`
    : ' Wait for it to finish or quit it, then run this again.'
  return `${who}${what} Only one Parley at a time may use a workspace, so nothing is fetched or sent twice. (Workspace: ${dataDir})`
}
