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
