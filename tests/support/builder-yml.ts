import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** One top-level section of electron-builder.yml as key → raw value (flat sections only, which is all the tests read). */
export function builderSection(name: string): Record<string, string> {
  const yml = readFileSync(join(import.meta.dirname, '..', '..', 'electron-builder.yml'), 'utf8')
  const body = new RegExp(`^${name}:\\n((?: {2}.*\\n?)+)`, 'm').exec(yml)?.[1] ?? ''
  const entries = [...body.matchAll(/^ {2}([\w-]+): (.+)$/gm)].map((m) => [m[1]!, m[2]!.trim()] as const)
  return Object.fromEntries(entries)
}
