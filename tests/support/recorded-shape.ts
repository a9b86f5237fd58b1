/**
 * Checks JSON values against the shapes of recorded real answers, for platforms that publish no
 * machine-readable description (Reddit): every field a fake sends must appear in some recorded answer
 * of the same operation, with a type the recordings show. Things ({"kind": "t1", "data": {...}}) are
 * compared per kind, so a comment is never checked against a message.
 */
export interface Shape {
  types: Set<string>
  props: Map<string, Shape>
  items: Shape | null
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return 'number'
  return typeof value
}

const emptyShape = (): Shape => ({ types: new Set(), props: new Map(), items: null })

/** A thing's data is keyed by its kind ("data@t1"), so each kind has its own field list. */
function keyOf(parent: Record<string, unknown>, key: string): string {
  return key === 'data' && typeof parent.kind === 'string' ? `data@${parent.kind}` : key
}

export function learn(shape: Shape, value: unknown): Shape {
  shape.types.add(typeOf(value))
  if (Array.isArray(value)) {
    shape.items ??= emptyShape()
    for (const item of value) learn(shape.items, item)
  } else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>
    for (const [key, child] of Object.entries(obj)) {
      const k = keyOf(obj, key)
      const sub = shape.props.get(k) ?? emptyShape()
      shape.props.set(k, sub)
      learn(sub, child)
    }
  }
  return shape
}

export function shapeOf(values: unknown[]): Shape {
  const shape = emptyShape()
  for (const v of values) learn(shape, v)
  return shape
}

/**
 * Which fields may appear is judged per operation (`shape`); which types a field may take, also by
 * `kinds`: everything recorded for the same kind of thing in any call (Reddit's "edited" is false or a
 * time, whichever a few recorded comments happened to show). Null is accepted wherever the field is
 * recorded at all: Reddit nulls fields freely (likes, distinguished, a last page's "after").
 */
export function checkAgainst(shape: Shape, value: unknown, path = '$', alt: Shape | null = null, kinds: Map<string, Shape> = new Map()): string[] {
  const type = typeOf(value)
  const types = new Set([...shape.types, ...(alt?.types ?? [])])
  const onlyNull = types.size === 1 && types.has('null')
  if (!types.has(type) && !onlyNull && type !== 'null') return [`${path}: ${type} where the recorded answers have ${[...types].join(' or ')}`]
  const errors: string[] = []
  if (Array.isArray(value) && shape.items) value.forEach((item, i) => errors.push(...checkAgainst(shape.items!, item, `${path}[${i}]`, alt?.items ?? null, kinds)))
  else if (value && typeof value === 'object' && !Array.isArray(value) && !onlyNull) {
    const obj = value as Record<string, unknown>
    for (const [key, child] of Object.entries(obj)) {
      const k = keyOf(obj, key)
      const sub = shape.props.get(k)
      if (!sub) errors.push(`${path}.${k}: a field no recorded answer has`)
      else errors.push(...checkAgainst(sub, child, `${path}.${k}`, k.startsWith('data@') ? (kinds.get(k) ?? null) : (alt?.props.get(k) ?? null), kinds))
    }
  }
  return errors
}

/** Everything recorded for each kind of thing ("data@t1"), across all calls: the types a field can take. */
export function kindsOf(values: unknown[]): Map<string, Shape> {
  const kinds = new Map<string, Shape>()
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk)
    else if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>
      if (typeof obj.kind === 'string' && 'data' in obj) {
        const key = `data@${obj.kind}`
        kinds.set(key, learn(kinds.get(key) ?? emptyShape(), obj.data))
      }
      Object.values(obj).forEach(walk)
    }
  }
  values.forEach(walk)
  return kinds
}

/** Fields of `wanted` (dotted paths) that no recorded answer of this shape carries. */
export function missing(shape: Shape, wanted: string[]): string[] {
  return wanted.filter((path) => {
    let at: Shape | undefined = shape
    for (const part of path.split('.')) at = part === '[]' ? (at?.items ?? undefined) : at?.props.get(part)
    return !at
  })
}
