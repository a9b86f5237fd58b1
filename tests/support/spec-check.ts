/**
 * Checks a JSON value against a schema from a published API description: Google's discovery
 * documents (`$ref: "Comment"`) and OpenAPI 3.0 (`$ref: "#/components/schemas/Tweet"`). Strict on
 * purpose: a field the description does not name is reported, so a fake cannot drift into shapes
 * the real service never sends.
 */
type Schema = Record<string, unknown>

export interface SpecDocument {
  /** Resolves a $ref to its schema, or null when the (trimmed) fixture lacks it. */
  resolve(ref: string): Schema | null
}

export function discoveryDocument(doc: { schemas: Record<string, Schema> }): SpecDocument {
  return { resolve: (ref) => doc.schemas[ref] ?? null }
}

export function openApiDocument(doc: { components: { schemas: Record<string, Schema> } }): SpecDocument {
  return {
    resolve: (ref) => {
      const m = /^#\/components\/schemas\/(.+)$/.exec(ref)
      return m ? (doc.components.schemas[m[1]!] ?? null) : null
    },
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

/** Every property an object schema names, through allOf. */
function propertiesOf(doc: SpecDocument, schema: Schema, seen = new Set<Schema>()): Record<string, Schema> | null {
  if (seen.has(schema)) return {}
  seen.add(schema)
  if (typeof schema.$ref === 'string') {
    const target = doc.resolve(schema.$ref)
    return target ? propertiesOf(doc, target, seen) : null
  }
  let props: Record<string, Schema> = { ...((schema.properties as Record<string, Schema>) ?? {}) }
  for (const part of (schema.allOf as Schema[]) ?? []) {
    const more = propertiesOf(doc, part, seen)
    if (more === null) return null
    props = { ...props, ...more }
  }
  return props
}

export function checkValue(doc: SpecDocument, schema: Schema, value: unknown, path = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const target = doc.resolve(schema.$ref)
    if (!target) return [`${path}: the fixture has no schema ${schema.$ref} (the fake sends something nobody checked)`]
    return checkValue(doc, target, value, path)
  }
  if (value === null) return schema.nullable === true ? [] : [`${path}: null where the description allows none`]
  const errors: string[] = []
  for (const part of (schema.allOf as Schema[]) ?? []) {
    // Each part checks its own fields; unknown fields are judged once, against all parts together.
    const resolved = typeof part.$ref === 'string' ? doc.resolve(part.$ref) : part
    if (!resolved) errors.push(`${path}: the fixture has no schema ${String(part.$ref)}`)
    else errors.push(...checkValue(doc, { ...resolved, additionalProperties: true }, value, path))
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key] as Schema[] | undefined
    if (!options) continue
    const results = options.map((o) => checkValue(doc, o, value, path))
    if (!results.some((r) => r.length === 0)) errors.push(`${path}: matches none of ${key} (${results.map((r) => r[0]).join(' | ')})`)
  }
  const type = schema.type as string | undefined
  const actual = typeOf(value)
  if (type && !(type === actual || (type === 'number' && actual === 'integer'))) return [...errors, `${path}: ${actual} where the description says ${type}`]
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`)
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: "${value}" does not match ${schema.pattern}`)
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`)
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) errors.push(`${path}: longer than ${schema.maxLength}`)
    if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) errors.push(`${path}: "${value}" is not a date-time`)
  }
  if (actual === 'array' && schema.items) (value as unknown[]).forEach((v, i) => errors.push(...checkValue(doc, schema.items as Schema, v, `${path}[${i}]`)))
  if (actual === 'object' && (type === 'object' || schema.properties || schema.allOf)) {
    const obj = value as Record<string, unknown>
    for (const name of (schema.required as string[]) ?? []) if (!(name in obj)) errors.push(`${path}: required field "${name}" is missing`)
    const props = propertiesOf(doc, schema)
    if (props === null) return [...errors, `${path}: part of this schema is missing from the fixture`]
    const extra = schema.additionalProperties
    for (const [name, v] of Object.entries(obj)) {
      const prop = props[name]
      if (prop) errors.push(...checkValue(doc, prop, v, `${path}.${name}`))
      else if (extra && typeof extra === 'object') errors.push(...checkValue(doc, extra as Schema, v, `${path}.${name}`))
      else if (extra !== true) errors.push(`${path}: field "${name}" is not in the description`)
    }
  }
  return errors
}
