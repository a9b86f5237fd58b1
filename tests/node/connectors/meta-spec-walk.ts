// Checks Graph API answers against Meta's published field definitions (tests/fixtures/meta/specs).
import { existsSync, readFileSync } from 'node:fs'

interface SpecField {
  name: string
  type: string
}
interface SpecApi {
  method: string
  endpoint?: string
  return?: string
}
interface Spec {
  fields: SpecField[]
  apis: SpecApi[]
}

const specs = new Map<string, Spec | null>()

export function loadSpec(name: string): Spec | null {
  if (specs.has(name)) return specs.get(name)!
  let found: Spec | null = null
  for (const dir of ['specs', 'specs-local']) {
    const url = new URL(`../../fixtures/meta/${dir}/${name}.json`, import.meta.url)
    if (existsSync(url)) found = JSON.parse(readFileSync(url, 'utf8')) as Spec
  }
  specs.set(name, found)
  return found
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Checks one value against a spec type ("string", "datetime", "list<X>", "IGUser", …); returns what does not match. */
export function checkType(type: string, value: unknown, path: string, problems: string[]): void {
  const fail = (what: string): void => void problems.push(`${path}: expected ${type}, got ${what}`)
  const list = /^list<(.+)>$/.exec(type)
  if (list) {
    if (!Array.isArray(value)) return fail(JSON.stringify(value))
    value.forEach((v, i) => checkType(list[1]!, v, `${path}[${i}]`, problems))
    return
  }
  if (/^map</.test(type)) return void (isObject(value) || fail(JSON.stringify(value)))
  switch (type) {
    case 'string':
      return void (typeof value === 'string' || fail(typeof value))
    case 'datetime':
      return void ((typeof value === 'string' && DATETIME.test(value)) || fail(JSON.stringify(value)))
    case 'bool':
      return void (typeof value === 'boolean' || fail(typeof value))
    case 'int':
      return void (Number.isInteger(value) || fail(JSON.stringify(value)))
    case 'unsigned int':
      return void ((Number.isInteger(value) && (value as number) >= 0) || fail(JSON.stringify(value)))
    case 'float':
      return void (typeof value === 'number' || fail(typeof value))
    case 'Object':
      return void (isObject(value) || fail(JSON.stringify(value)))
  }
  const spec = loadSpec(type)
  if (!spec) return void (isObject(value) || fail(JSON.stringify(value)))
  checkNode(type, value, path, problems)
}

/** Every field of a node must be one its spec lists (with that type), or one of its GET edges as a list. */
export function checkNode(type: string, value: unknown, path: string, problems: string[]): void {
  const spec = loadSpec(type)
  if (!spec) return void problems.push(`${path}: no spec for ${type}`)
  if (!isObject(value)) return void problems.push(`${path}: expected a ${type} object, got ${JSON.stringify(value)}`)
  for (const [key, v] of Object.entries(value)) {
    const field = spec.fields.find((f) => f.name === key)
    if (field) {
      checkType(field.type, v, `${path}.${key}`, problems)
      continue
    }
    const edge = spec.apis.find((a) => a.method === 'GET' && a.endpoint === key)
    if (edge?.return) {
      checkList(edge.return, v, `${path}.${key}`, problems)
      continue
    }
    problems.push(`${path}.${key}: ${type} has no field or edge called "${key}"`)
  }
}

/** A list answer: {data: [node…], paging: {cursors: {before, after}, next?, previous?}}. */
export function checkList(type: string, value: unknown, path: string, problems: string[]): void {
  if (!isObject(value) || !Array.isArray(value.data)) return void problems.push(`${path}: expected {data: [...]}, got ${JSON.stringify(value)}`)
  for (const key of Object.keys(value)) if (key !== 'data' && key !== 'paging' && key !== 'summary') problems.push(`${path}.${key}: lists have data, paging and summary only`)
  value.data.forEach((item, i) => checkNode(type, item, `${path}.data[${i}]`, problems))
  if (value.paging === undefined) return
  const paging = value.paging
  if (!isObject(paging)) return void problems.push(`${path}.paging: not an object`)
  for (const [key, v] of Object.entries(paging)) {
    if (key === 'cursors') {
      if (!isObject(v) || typeof v.before !== 'string' || typeof v.after !== 'string' || Object.keys(v).length !== 2) problems.push(`${path}.paging.cursors: expected {before, after} strings`)
    } else if (key === 'next' || key === 'previous') {
      if (typeof v !== 'string' || !/^https?:\/\//.test(v)) problems.push(`${path}.paging.${key}: expected a URL`)
    } else problems.push(`${path}.paging.${key}: unknown paging key`)
  }
}

/** Meta's error object: exactly message, type, code, optional error_subcode (and error_user_*), fbtrace_id. */
export function checkError(body: unknown, problems: string[]): void {
  if (!isObject(body) || !isObject(body.error) || Object.keys(body).length !== 1) return void problems.push(`error: expected {"error": {...}}, got ${JSON.stringify(body)}`)
  const e = body.error
  if (typeof e.message !== 'string') problems.push('error.message: not a string')
  if (typeof e.type !== 'string') problems.push('error.type: not a string')
  if (!Number.isInteger(e.code)) problems.push('error.code: not an integer')
  if (e.error_subcode !== undefined && !Number.isInteger(e.error_subcode)) problems.push('error.error_subcode: not an integer')
  if (typeof e.fbtrace_id !== 'string') problems.push('error.fbtrace_id: not a string')
  for (const key of Object.keys(e)) {
    if (!['message', 'type', 'code', 'error_subcode', 'fbtrace_id', 'error_user_title', 'error_user_msg', 'is_transient'].includes(key)) problems.push(`error.${key}: not in Meta's error shape`)
  }
}
