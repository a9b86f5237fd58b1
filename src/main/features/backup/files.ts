import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Why a backup was made; each kind has its own rotation. */
export type BackupKind = 'daily' | 'weekly' | 'manual' | 'pre-migration' | 'pre-restore'

export interface BackupFile {
  file: string
  name: string
  kind: BackupKind
  /** When it was taken (from its name, so copying the folder keeps the order). */
  at: number
  bytes: number
}

/** How many of each kind are kept; older ones are deleted after each new backup. */
export const KEEP: Record<BackupKind, number> = { daily: 7, weekly: 4, manual: 5, 'pre-migration': 4, 'pre-restore': 3 }

export const backupsDir = (dataDir: string): string => join(dataDir, 'backups')

const NAME = /^parley-(daily|weekly|manual|pre-migration|pre-restore)-(\d{8})-(\d{6})-(\d{3})(?:-v\d+)?\.db$/

function stamp(at: number): string {
  const iso = new Date(at).toISOString() // 2026-11-16T09:00:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}-${iso.slice(20, 23)}`
}

/** parley-<kind>-<UTC yyyymmdd-hhmmss-mmm>[-v<schema>].db */
export function backupName(kind: BackupKind, at: number, schemaVersion?: number): string {
  return `parley-${kind}-${stamp(at)}${schemaVersion === undefined ? '' : `-v${schemaVersion}`}.db`
}

function parse(dir: string, name: string): BackupFile | null {
  const m = NAME.exec(name)
  if (!m) return null
  const [, kind, d, t, ms] = m
  const at = Date.UTC(+d!.slice(0, 4), +d!.slice(4, 6) - 1, +d!.slice(6, 8), +t!.slice(0, 2), +t!.slice(2, 4), +t!.slice(4, 6), +ms!)
  const file = join(dir, name)
  try {
    return { file, name, kind: kind as BackupKind, at, bytes: statSync(file).size }
  } catch {
    return null
  }
}

/** Every finished backup in the folder, newest first. Unfinished ones (".partial") are not listed. */
export function listBackups(dataDir: string): BackupFile[] {
  const dir = backupsDir(dataDir)
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  return names
    .map((n) => parse(dir, n))
    .filter((b): b is BackupFile => b !== null)
    .sort((a, b) => b.at - a.at || a.name.localeCompare(b.name))
}

/** A backup still being written is younger than this; older ".partial" files were left by a crash. */
const PARTIAL_STALE_MS = 60 * 60_000

/** Deletes the oldest backups of each kind beyond KEEP, and leftovers of backups a crash interrupted. */
export function rotateBackups(dataDir: string, keep: Record<BackupKind, number> = KEEP): string[] {
  const removed: string[] = []
  const seen = new Map<BackupKind, number>()
  for (const b of listBackups(dataDir)) {
    const n = (seen.get(b.kind) ?? 0) + 1
    seen.set(b.kind, n)
    if (n > keep[b.kind]) {
      // A copy of a damaged file keeps its write-ahead log beside it.
      for (const f of [b.file, `${b.file}-wal`, `${b.file}-shm`]) rmSync(f, { force: true })
      removed.push(b.name)
    }
  }
  try {
    for (const name of readdirSync(backupsDir(dataDir))) {
      const file = join(backupsDir(dataDir), name)
      if (name.endsWith('.partial') && Date.now() - statSync(file).mtimeMs > PARTIAL_STALE_MS) rmSync(file, { force: true })
    }
  } catch {
    // no folder yet
  }
  return removed
}

/** The terminal command that restores the latest backup of this workspace. */
export function restoreCommand(dataDir: string): string {
  const dir = /^[\w./:\\-]+$/.test(dataDir) ? dataDir : JSON.stringify(dataDir)
  return `npx parley restore --latest --data-dir ${dir}`
}

/** The newest backup worth offering (copies of replaced files are not). */
export const latestBackup = (dataDir: string): BackupFile | null => listBackups(dataDir).find((b) => b.kind !== 'pre-restore') ?? null

export const backupInfo = (b: BackupFile): { name: string; kind: BackupKind; at: number; bytes: number } => ({
  name: b.name,
  kind: b.kind,
  at: b.at,
  bytes: b.bytes,
})
