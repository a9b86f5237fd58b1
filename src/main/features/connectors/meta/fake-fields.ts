// Test infrastructure: the Graph API's `fields=` selection for the loopback fake; never imported by the app.

/** One requested field: `name`, `name.limit(5)`, `name{a,b}` or both. */
export interface FieldNode {
  name: string
  limit: number | null
  children: FieldNode[] | null
}

/**
 * Parses Graph API field expansion: `id,message,comments.limit(2){id,from{id,name}}`.
 * Throws on unbalanced braces, as Graph answers a syntax error (code 100).
 */
export function parseFields(spec: string): FieldNode[] {
  let i = 0
  const list = (): FieldNode[] => {
    const out: FieldNode[] = []
    for (;;) {
      const start = i
      while (i < spec.length && /[a-z0-9_]/i.test(spec[i]!)) i++
      const name = spec.slice(start, i)
      if (!name) throw new Error(`Syntax error "Expected field name" at character ${i}: ${spec}`)
      let limit: number | null = null
      while (spec[i] === '.') {
        const m = /^\.(\w+)\(([^)]*)\)/.exec(spec.slice(i))
        if (!m) throw new Error(`Syntax error "Expected modifier" at character ${i}: ${spec}`)
        if (m[1] === 'limit') limit = Math.max(0, parseInt(m[2]!, 10) || 0)
        i += m[0].length
      }
      let children: FieldNode[] | null = null
      if (spec[i] === '{') {
        i++
        children = list()
        if (spec[i] !== '}') throw new Error(`Syntax error "Expected }" at character ${i}: ${spec}`)
        i++
      }
      out.push({ name, limit, children })
      if (spec[i] !== ',') return out
      i++
    }
  }
  const parsed = list()
  if (i !== spec.length) throw new Error(`Syntax error "Unexpected ${spec[i]}" at character ${i}: ${spec}`)
  return parsed
}

/** A node the fake can render: plain fields, and edges computed on demand (comments, replies, messages). */
export interface FakeNode {
  fields: Record<string, unknown>
  /** Sub-objects that are nodes themselves (from, parent, instagram_business_account). */
  nodes?: Record<string, FakeNode | null>
  /** Edges: a list of nodes, rendered as {data, paging}. */
  edges?: Record<string, () => FakeNode[]>
}

/** Renders what was asked for, as Graph does: unknown fields are an error, absent values are left out. */
export function project(node: FakeNode, fields: FieldNode[], edgePage: (nodes: FakeNode[], limit: number | null, children: FieldNode[]) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields) {
    if (node.edges && f.name in node.edges) {
      out[f.name] = edgePage(node.edges[f.name]!(), f.limit, f.children ?? [{ name: 'id', limit: null, children: null }])
      continue
    }
    if (node.nodes && f.name in node.nodes) {
      const sub = node.nodes[f.name]
      if (sub) out[f.name] = project(sub, f.children ?? defaultFields(sub), edgePage)
      continue
    }
    if (!(f.name in node.fields)) throw new UnknownField(f.name)
    const value = node.fields[f.name]
    if (value !== undefined && value !== null) out[f.name] = value
  }
  return out
}

/** Without `fields=`, Graph returns the id and a couple of defaults; the fake returns the id and the node's default set. */
export function defaultFields(node: FakeNode): FieldNode[] {
  const names = ['id', 'name', 'username', 'message', 'text', 'created_time', 'timestamp'].filter((n) => n in node.fields)
  return names.map((name) => ({ name, limit: null, children: null }))
}

export class UnknownField extends Error {
  constructor(readonly field: string) {
    super(`(#100) Tried accessing nonexisting field (${field})`)
  }
}
