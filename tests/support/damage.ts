import Database from 'better-sqlite3'
import { closeSync, fstatSync, futimesSync, openSync, writeSync } from 'node:fs'
import { Rng } from '../../src/main/features/demo/prng'

/** Overwrites a run of whole pages in the middle of a closed SQLite file with random bytes (a failing disk, a bad copy). */
export function scramblePages(file: string, options: { fromFraction?: number; pages?: number; pageSize?: number; seed?: number } = {}): void {
  const { fromFraction = 0.5, pages = 4, pageSize = 4096, seed = 7 } = options
  const fd = openSync(file, 'r+')
  try {
    const total = Math.floor(fstatSync(fd).size / pageSize)
    if (total < 3) throw new Error(`${file} has only ${total} pages; nothing to scramble`)
    const first = Math.max(1, Math.min(total - pages, Math.floor(total * fromFraction)))
    const rng = new Rng(seed)
    const junk = Buffer.alloc(pageSize * pages)
    for (let i = 0; i < junk.length; i++) junk[i] = rng.range(0, 255)
    writeSync(fd, junk, 0, junk.length, first * pageSize)
    touched(fd)
  } finally {
    closeSync(fd)
  }
}

/** Overwrites the 100-byte header: SQLite no longer recognises the file at all. */
export function scrambleHeader(file: string): void {
  const fd = openSync(file, 'r+')
  try {
    writeSync(fd, Buffer.from('this is not a database, it was overwritten by something else'.padEnd(100, '!')), 0, 100, 0)
    touched(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * A write moves the mtime, but only at the kernel's clock tick: a test that damages a file within
 * milliseconds of closing it could leave it unchanged. Move it on as a later write would.
 * (Damage that keeps the mtime is the weekly recheck's case: clean-close.test.ts.)
 */
function touched(fd: number): void {
  const later = new Date(fstatSync(fd).mtimeMs + 2_000)
  futimesSync(fd, later, later)
}

/**
 * Scrambles leaf pages of one table only (found with SQLite's dbstat), leaving the header and the schema
 * sound: damage that opening the file does not notice and only a full quick_check finds.
 */
export function scrambleTablePages(file: string, table: string, options: { pages?: number; seed?: number } = {}): number[] {
  const { pages = 4, seed = 11 } = options
  const db = new Database(file, { readonly: true })
  let found: { pageno: number; size: number }[]
  try {
    found = db.prepare<[string], { pageno: number; size: number }>("SELECT pageno, pgsize AS size FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno").all(table)
  } finally {
    db.close()
  }
  if (found.length < pages) throw new Error(`${table} has only ${found.length} leaf pages; nothing to scramble`)
  const chosen = found.slice(Math.floor(found.length / 2), Math.floor(found.length / 2) + pages)
  const fd = openSync(file, 'r+')
  try {
    const rng = new Rng(seed)
    for (const { pageno, size } of chosen) {
      const junk = Buffer.alloc(size)
      for (let i = 0; i < junk.length; i++) junk[i] = rng.range(0, 255)
      writeSync(fd, junk, 0, junk.length, (pageno - 1) * size)
    }
    touched(fd)
  } finally {
    closeSync(fd)
  }
  return chosen.map((p) => p.pageno)
}
