import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The store is the only layer that speaks SQL: outside src/main/store no file imports better-sqlite3
 * or the store's `Db` type, or prepares, executes or opens a transaction on a database.
 */
const ROOT = join(process.cwd(), 'src', 'main')

/**
 * The composition root builds the repositories, so it holds the connection (typed Db) to hand to their
 * constructors; it still never prepares or runs SQL, and no feature below it sees the connection.
 */
const isCompositionRoot = (path: string): boolean => /^core\/compose[\w-]*\.ts$/.test(path)

/** Line and block comments out, strings kept (SQL lives in them). Good enough for this codebase's style. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
}

const DRIVER_IMPORT = /(?:from\s*|require\(\s*|import\(\s*)['"]better-sqlite3['"]/
/** `import { type Db } from '.../store/database'`, `import type { Db, … } from …`. */
const DB_TYPE_IMPORT = /import\s+(?:type\s+)?\{[^}]*\bDb\b[^}]*\}\s*from\s*['"][^'"]*store\/database['"]/
/** A call on something named like a connection: db.prepare(, this.deps.db.transaction(, readerDb\n  .exec<…>(. */
const DB_CALL = /\b\w*(?:db|Db|DB|database|Database)\s*\.\s*(prepare|exec|transaction|pragma|backup)\s*[<(]/g
/** A statement handed over as text, whatever the receiver is called: x.prepare('SELECT …'), conn.exec(`CREATE …`). */
const SQL_TEXT_CALL = /\.\s*(prepare|exec)\s*(?:<[^>()]*>)?\s*\(\s*['"`]\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|PRAGMA|VACUUM|BEGIN|REPLACE|ATTACH)\b/gi

/** What in one file's text reaches the database directly; [] when nothing does. */
export function sqlFindings(source: string): string[] {
  const text = withoutComments(source)
  const found: string[] = []
  if (DRIVER_IMPORT.test(text)) found.push('imports better-sqlite3')
  if (DB_TYPE_IMPORT.test(text)) found.push("imports the store's Db type")
  const calls = new Set<string>()
  for (const m of text.matchAll(DB_CALL)) calls.add(`.${m[1]}(`)
  for (const m of text.matchAll(SQL_TEXT_CALL)) calls.add(`.${m[1]!.toLowerCase()}(`)
  for (const call of calls) found.push(`calls ${call} on a database`)
  return found
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|mts|js|mjs|vue)$/.test(entry.name) ? [path] : []
  })
}

const underMain = (file: string): string => relative(ROOT, file).split(sep).join('/')
const covered = (path: string, entry: string): boolean => path === entry || path.startsWith(`${entry}/`)

describe('SQL lives in src/main/store', () => {
  it('no file outside src/main/store imports the driver or runs SQL', () => {
    const offenders = sourceFiles(ROOT)
      .map(underMain)
      .filter((path) => !covered(path, 'store'))
      .flatMap((path) =>
        sqlFindings(readFileSync(join(ROOT, path), 'utf8'))
          .filter((finding) => !(isCompositionRoot(path) && finding === "imports the store's Db type"))
          .map((finding) => `src/main/${path}: ${finding}`),
      )
    expect(offenders).toEqual([])
  })

  it.each([
    ["import Database from 'better-sqlite3'\nexport const open = (f: string) => new Database(f)\n", 'imports better-sqlite3'],
    ["import type { Db } from '../../store/database'\nexport type A = Db\n", "imports the store's Db type"],
    ["import { openDatabase, type Db } from '../store/database'\nexport const a: Db | null = null\n", "imports the store's Db type"],
    ["export const n = (db: any) => db.prepare('SELECT 1').get()\n", 'calls .prepare( on a database'],
    ["export const n = (x: any) => x.deps.db\n  .prepare<[number], { n: number }>(\n  'SELECT 1')\n", 'calls .prepare( on a database'],
    ['export const run = (x: any) => x.db.transaction(() => 1)()\n', 'calls .transaction( on a database'],
    ['export const wipe = (conn: any) => conn.exec(`DELETE FROM messages`)\n', 'calls .exec( on a database'],
    ["export const v = (readerDb: any) => readerDb.pragma('user_version')\n", 'calls .pragma( on a database'],
  ])('finds what a planted line does: %s', (source, finding) => {
    expect(sqlFindings(source)).toContain(finding)
  })

  it.each([
    ['const WEEK = /^(\\d{4})-W(\\d{2})$/\nexport const m = (id: string) => WEEK.exec(id)\n'],
    ['export const p = (spec: any, uri: string) => spec.prepare(uri, { state: 1 })\n'],
    ['export const t = (analyzer: any, text: string) => analyzer.prepare("en", text, undefined, true)\n'],
    ["// db.prepare('SELECT 1') in a comment is not a call\nexport const a = 1\n"],
    ["import type { Stores } from '../../store/stores'\nexport type A = Stores\n"],
  ])('leaves unrelated code alone: %s', (source) => {
    expect(sqlFindings(source)).toEqual([])
  })
})
