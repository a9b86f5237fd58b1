import { closeSync, fstatSync, openSync, writeSync } from 'node:fs'
import { Rng } from '../../src/main/demo/prng'

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
  } finally {
    closeSync(fd)
  }
}

/** Overwrites the 100-byte header: SQLite no longer recognises the file at all. */
export function scrambleHeader(file: string): void {
  const fd = openSync(file, 'r+')
  try {
    writeSync(fd, Buffer.from('this is not a database, it was overwritten by something else'.padEnd(100, '!')), 0, 100, 0)
  } finally {
    closeSync(fd)
  }
}
