/**
 * Invalid-input generators for the contract property tests, built with fast-check.
 *
 * The generators do not derive inputs from the zod schemas (that would only test zod
 * against itself). They start from a valid sample of each operation and break it in
 * ways no field of the contract may accept: a wrong JavaScript type, NaN or ±Infinity,
 * a bigint, a 1–5 MB string, a thousands-deep object or array, an object carrying
 * __proto__/constructor keys, a missing required field, an unknown key, a negative or
 * fractional or unsafe number. The schemas are read only for facts a caller could read
 * in the contract itself: which keys an object has, whether a field may be null or left
 * out, and its declared maximum (to go one past it).
 */
import { createHash } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import type { z } from 'zod'
import type { Db } from '../../../src/main/store/database'

/* ---------- what the contract declares (read from the schemas) ---------- */

interface CheckDef {
  check: string
  maximum?: number
  minimum?: number
  value?: number | bigint
  inclusive?: boolean
  length?: number
  format?: string
}
interface Def {
  type: string
  shape?: Record<string, z.ZodType>
  catchall?: z.ZodType
  element?: z.ZodType
  keyType?: z.ZodType
  valueType?: z.ZodType
  innerType?: z.ZodType
  in?: z.ZodType
  options?: z.ZodType[]
  items?: z.ZodType[]
  checks?: { _zod: { def: CheckDef } }[]
}

export const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def
export const checksOf = (schema: z.ZodType): CheckDef[] => (defOf(schema).checks ?? []).map((c) => c._zod.def)

const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'])

/** The schema under optional/nullable/default/transform wrappers; for a union, the option `value` fits. */
export function unwrap(schema: z.ZodType, value?: unknown): z.ZodType {
  let s = schema
  for (;;) {
    const d = defOf(s)
    if (wrappers.has(d.type) && d.innerType) s = d.innerType
    else if (d.type === 'pipe' && d.in) s = d.in
    else if (d.type === 'union' && d.options) s = d.options.find((o) => o.safeParse(value).success) ?? d.options[0]!
    else return s
  }
}

/** The schema of the node at `path` inside a valid `value` of `schema` (undefined if none). */
export function schemaAt(schema: z.ZodType, value: unknown, path: readonly (string | number)[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema
  let v = value
  for (const key of path) {
    if (!s) return undefined
    const d = defOf(unwrap(s, v))
    if (d.type === 'object') s = d.shape?.[key as string]
    else if (d.type === 'array') s = d.element
    else if (d.type === 'record') s = d.valueType
    else if (d.type === 'tuple') s = d.items?.[key as number]
    else return undefined
    v = (v as Record<string | number, unknown>)[key]
  }
  return s
}

/** The declared maximum length (strings, arrays) or value (numbers), if any. */
export function maximumOf(schema: z.ZodType): number | undefined {
  let max: number | undefined
  for (const c of checksOf(schema)) {
    const m = c.check === 'max_length' ? c.maximum : c.check === 'length_equals' ? c.length : c.check === 'less_than' ? Number(c.value) : undefined
    if (m !== undefined && (max === undefined || m < max)) max = m
  }
  return max
}

export const acceptsNull = (schema: z.ZodType): boolean => schema.safeParse(null).success
export const acceptsMissing = (schema: z.ZodType): boolean => schema.safeParse(undefined).success
export const isStrictObject = (schema: z.ZodType): boolean => defOf(schema).type === 'object' && defOf(defOf(schema).catchall ?? schema).type === 'never'

/* ---------- cases ---------- */

export type Path = (string | number)[]

/** One invalid call: the input, where the error must point, and a short label for reports. */
export interface InvalidCase {
  input: unknown
  /** The issue path the refusal must name ('(input)' for the whole input); null: any field. */
  path: string | null
  label: string
}

const pathText = (path: Path): string => (path.length ? path.join('.') : '(input)')

const asCase = (input: unknown, path: string | null, label: string): InvalidCase => {
  const c = { input, path, label }
  // Keep fast-check's counterexample reports short: never print a 5 MB string.
  Object.defineProperty(c, fc.toStringMethod, { value: () => `${label} at ${path ?? 'any field'}`, enumerable: false })
  return c
}

/** Sets an own property, so '__proto__' is a key (as JSON.parse and structured clone make it), not the prototype. */
function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

const clone = (value: unknown): unknown => structuredClone(value)

function withAt(base: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value
  const copy = clone(base) as Record<string | number, unknown>
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  defineOwn(node, String(path[path.length - 1]), value)
  return copy
}

function withoutAt(base: unknown, path: Path): unknown {
  const copy = clone(base) as Record<string | number, unknown>
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  delete node[path[path.length - 1]!]
  return copy
}

/** Every node below the root of a JSON-like value, with its path. */
function nodesOf(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  const out: { path: Path; value: unknown }[] = []
  if (Array.isArray(value)) value.forEach((v, i) => out.push({ path: [...path, i], value: v }, ...nodesOf(v, [...path, i])))
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push({ path: [...path, k], value: v }, ...nodesOf(v, [...path, k]))
  return out
}

/* ---------- values no field may accept ---------- */

export const MB = 1024 * 1024

/** 1–5 MB of one character (whitespace too, so trimming cannot hide the size). */
export const hugeString = (): fc.Arbitrary<string> =>
  fc
    .record({ chars: fc.integer({ min: MB, max: 5 * MB }), ch: fc.constantFrom('x', ' ', '\n', 'é', '😀', '\u0000', '0') })
    .map(({ chars, ch }) => ch.repeat(Math.ceil(chars / ch.length)))

/** A valid string inside 1–5 MB of whitespace: a limit must hold for what was sent, not only for what trimming leaves. */
export const paddedString = (valid: string): fc.Arbitrary<string> =>
  fc
    .record({ chars: fc.integer({ min: MB, max: 5 * MB }), ch: fc.constantFrom(' ', '\n', '\t', '\u00a0', '\u3000', '\ufeff') })
    .map(({ chars, ch }) => {
      const pad = ch.repeat(Math.ceil(chars / 2))
      return pad + valid + pad
    })

export function deepObject(depth: number, key = 'a'): unknown {
  let node: unknown = { [key]: 1 }
  for (let i = 0; i < depth; i++) node = { [key]: node }
  return node
}

export function deepArray(depth: number): unknown {
  let node: unknown = [1]
  for (let i = 0; i < depth; i++) node = [node]
  return node
}

/** An object whose own keys are the prototype-pollution names. */
export function pollutionObject(payload: unknown = { polluted: true }): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  defineOwn(o, '__proto__', payload)
  defineOwn(o, 'constructor', { prototype: payload })
  defineOwn(o, 'prototype', payload)
  return o
}

const pollutionKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__')

/** Values that no field of any input may accept, whatever its type. */
export const universallyInvalid: fc.Arbitrary<{ value: unknown; label: string }> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity).map((value) => ({ value, label: `number ${value}` })),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((value) => ({ value, label: 'bigint' })),
  hugeString().map((value) => ({ value, label: `string of ${value.length} chars` })),
  fc.integer({ min: 50, max: 5_000 }).map((depth) => ({ value: deepObject(depth), label: `object nested ${depth} deep` })),
  fc.integer({ min: 50, max: 5_000 }).map((depth) => ({ value: deepArray(depth), label: `array nested ${depth} deep` })),
  fc.constant(null).map(() => ({ value: pollutionObject(), label: 'object with __proto__/constructor keys' })),
)

/** A value of another JavaScript type than the valid one (never null: some fields take it). */
function otherType(valid: unknown): fc.Arbitrary<{ value: unknown; label: string }> {
  const kind = Array.isArray(valid) ? 'array' : valid === null ? 'null' : typeof valid
  const all: Record<string, fc.Arbitrary<unknown>> = {
    number: fc.oneof(fc.integer(), fc.double({ noNaN: true })),
    string: fc.string({ maxLength: 20 }),
    boolean: fc.boolean(),
    array: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
    object: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 4 }),
  }
  // An empty object or array could be valid for an all-optional object or an unbounded list.
  const options = Object.entries(all)
    .filter(([k]) => k !== kind && !(kind === 'object' && k === 'object'))
    .map(([k, arb]) => arb.map((value) => ({ value, label: `${k} instead of ${kind}` })))
  return fc.oneof(...options)
}

/** Numbers out of every numeric field's range (all are integers ≥ 0 in this contract), and past a declared maximum. */
function outOfRange(schema: z.ZodType | undefined): fc.Arbitrary<{ value: unknown; label: string }> {
  const max = schema ? maximumOf(unwrap(schema)) : undefined
  const options: fc.Arbitrary<{ value: unknown; label: string }>[] = [
    fc.integer({ min: -1e15, max: -1 }).map((value) => ({ value, label: `negative ${value}` })),
    fc
      .tuple(fc.integer({ min: 0, max: 1e9 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }))
      .map(([i, f]) => ({ value: i + f, label: `fraction ${i + f}` })),
    fc.constantFrom(2 ** 53, 2 ** 53 + 2, 1e21, Number.MAX_VALUE).map((value) => ({ value, label: `unsafe integer ${value}` })),
  ]
  if (max !== undefined && max + 1 < 2 ** 53)
    options.push(fc.integer({ min: max + 1, max: Math.min(max * 1000 + 1, 2 ** 53 - 1) }).map((value) => ({ value, label: `${value} > max ${max}` })))
  return fc.oneof(...options)
}

/** Strings and lists one or more past their declared maximum length. */
function overLength(valid: unknown, schema: z.ZodType | undefined): fc.Arbitrary<{ value: unknown; label: string }> | null {
  const max = schema ? maximumOf(unwrap(schema, valid)) : undefined
  if (max === undefined) return null
  if (typeof valid === 'string')
    return fc.integer({ min: max + 1, max: max + 64 }).map((n) => ({ value: 'x'.repeat(n), label: `string of ${n} > max ${max}` }))
  if (Array.isArray(valid) && valid.length > 0)
    return fc
      .oneof(fc.integer({ min: max + 1, max: max + 20 }), fc.constant(Math.max(10_000, max + 1)))
      .map((n) => ({ value: Array.from({ length: n }, (_, i) => (typeof valid[0] === 'number' ? i + 1 : clone(valid[i % valid.length]))), label: `list of ${n} > max ${max}` }))
  return null
}

/** Every way this generator breaks a valid input of `schema`. */
export function invalidInputs(schema: z.ZodType, valid: Record<string, unknown>): fc.Arbitrary<InvalidCase> {
  const cases: fc.Arbitrary<InvalidCase>[] = []

  // The whole input is not an object.
  cases.push(
    fc
      .oneof(
        fc.oneof(fc.integer(), fc.double(), fc.constantFrom(NaN, Infinity)).map((v) => ({ v, l: 'a number' })),
        fc.string({ maxLength: 30 }).map((v) => ({ v, l: 'a string' })),
        hugeString().map((v) => ({ v, l: `a string of ${v.length} chars` })),
        fc.boolean().map((v) => ({ v, l: 'a boolean' })),
        fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }).map((v) => ({ v, l: 'an array' })),
        fc.constant([valid]).map((v) => ({ v, l: 'the valid input inside an array' })),
        fc.integer({ min: 50, max: 5_000 }).map((d) => ({ v: deepArray(d), l: `an array nested ${d} deep` })),
        fc.bigInt().map((v) => ({ v, l: 'a bigint' })),
      )
      .map(({ v, l }) => asCase(v, '(input)', `input is ${l}`)),
  )

  // Null or undefined stand for {} (the router's `input ?? {}`): invalid where a field is required.
  if (!schema.safeParse({}).success) cases.push(fc.constantFrom(null, undefined).map((v) => asCase(v, null, `input is ${v}`)))

  // Unknown keys, at the top and in every nested object: every input object is strict.
  const candidates: Path[] = [[], ...nodesOf(valid).filter((n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value)).map((n) => n.path)]
  // Objects of the contract (a map of connector fields is a record, not one).
  const objectPaths = candidates.filter((p) => {
    const s = schemaAt(schema, valid, p)
    return s !== undefined && defOf(unwrap(s, nodesAt(valid, p))).type === 'object'
  })
  const unknownKey = (p: Path) => {
    const s = unwrap(schemaAt(schema, valid, p)!, nodesAt(valid, p))
    const known = new Set(Object.keys(defOf(s).shape ?? {}))
    return fc.oneof(
      pollutionKey,
      fc.string({ minLength: 1, maxLength: 24 }),
      fc.integer({ min: 100_000, max: MB }).map((n) => 'k'.repeat(n)),
    ).filter((k) => !known.has(k))
  }
  for (const p of objectPaths)
    cases.push(
      fc
        .tuple(unknownKey(p), fc.oneof(fc.jsonValue({ maxDepth: 2 }), universallyInvalid.map((u) => u.value)))
        .map(([key, value]) => {
          const copy = clone(valid) as Record<string, unknown>
          const node = nodesAt(copy, p) as Record<string, unknown>
          defineOwn(node, key, value)
          return asCase(copy, pathText(p), `unknown key ${key.length > 40 ? `of ${key.length} chars` : JSON.stringify(key)}`)
        }),
      fc.integer({ min: 100, max: 2_000 }).map((n) => {
        const copy = clone(valid) as Record<string, unknown>
        const node = nodesAt(copy, p) as Record<string, unknown>
        for (let i = 0; i < n; i++) node[`extra${i}`] = i
        return asCase(copy, pathText(p), `${n} unknown keys`)
      }),
    )

  // A required field left out, at any depth.
  const required: Path[] = []
  for (const p of objectPaths) {
    const s = unwrap(schemaAt(schema, valid, p)!, nodesAt(valid, p))
    for (const [key, field] of Object.entries(defOf(s).shape ?? {})) if (!acceptsMissing(field)) required.push([...p, key])
  }
  if (required.length) cases.push(fc.constantFrom(...required).map((p) => asCase(withoutAt(valid, p), pathText(p), 'required field missing')))

  // Any field or element replaced by a value it cannot take.
  for (const { path, value } of nodesOf(valid)) {
    const field = schemaAt(schema, valid, path)
    const options: fc.Arbitrary<{ value: unknown; label: string }>[] = [universallyInvalid]
    // Null stands in for a value of some type the field also takes: no other type is wrong for sure.
    if (value !== null) options.push(otherType(value))
    if (typeof value === 'number') options.push(outOfRange(field))
    if (typeof value === 'string') options.push(paddedString(value).map((v) => ({ value: v, label: `valid text padded to ${v.length} chars` })))
    const over = overLength(value, field)
    if (over) options.push(over)
    if (field && !acceptsNull(field)) options.push(fc.constant({ value: null, label: 'null' }))
    if (field && !acceptsMissing(field)) options.push(fc.constant({ value: undefined, label: 'undefined' }))
    cases.push(fc.oneof(...options).map(({ value: bad, label }) => asCase(withAt(valid, path, bad), pathText(path), label)))
  }

  return fc.oneof(...cases)
}

function nodesAt(value: unknown, path: Path): unknown {
  let v = value
  for (const key of path) v = (v as Record<string | number, unknown>)[key]
  return v
}

/* ---------- "nothing changed" ---------- */

const replacer = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? `${v}n` : v)

/** A checksum of the schema, user_version and every row of every table (virtual tables through their shadow tables). */
export function databaseChecksum(db: Db): string {
  const hash = createHash('sha256')
  const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string | null }[]
  hash.update(JSON.stringify(db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all()))
  hash.update(String(db.pragma('user_version', { simple: true })))
  for (const { name, sql } of tables) {
    if (sql?.startsWith('CREATE VIRTUAL TABLE')) continue
    hash.update(`\u0000${name}\u0000`)
    for (const row of db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).raw().iterate()) hash.update(JSON.stringify(row, replacer))
  }
  return hash.digest('hex')
}

/** Rows inserted, updated or deleted on this connection since it opened, triggers included. */
export const totalChanges = (db: Db): number => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n

/** Every file in the workspace folder but SQLite's WAL and shared-memory files (a read may touch those). */
export function filesOf(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string, prefix: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (/-(wal|shm)$/.test(entry.name)) continue
      const full = join(d, entry.name)
      if (entry.isDirectory()) walk(full, `${prefix}${entry.name}/`)
      else out.push(`${prefix}${entry.name}:${statSync(full).size}`)
    }
  }
  walk(dir, '')
  return out.sort()
}

/** The properties of Object.prototype, to prove no input polluted it. */
export const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort()
