/** Collects figures, prints each as it is measured, and writes the JSON result. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ms, ratio } from './stats'

export interface Target {
  op: '<=' | '>='
  value: number
}

export interface Figure {
  /** Stable key, e.g. "views.inbox.first.p95". */
  id: string
  label: string
  value: number
  unit: 'ms' | 'rows/s' | 'fps' | 'MB' | 'x' | 'count' | 's'
  target?: Target
  /** Raw better-sqlite3 baseline for the same work, measured in this run. */
  baseline?: { label: string; value: number }
  /** Parley relative to the baseline (for times: Parley ÷ baseline, i.e. "times slower"; for rates: Parley ÷ baseline). */
  ratio?: number
  note?: string
  /** undefined when the figure has no target. */
  pass?: boolean
}

export class Report {
  readonly figures: Figure[] = []
  readonly info: Record<string, unknown> = {}

  constructor(private readonly out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)) {}

  section(title: string): void {
    this.out(`\n== ${title}`)
  }

  line(text: string): void {
    this.out(`   ${text}`)
  }

  add(f: Omit<Figure, 'pass'>): Figure {
    const pass = f.target ? (f.target.op === '<=' ? f.value <= f.target.value : f.value >= f.target.value) : undefined
    const figure: Figure = { ...f, pass }
    this.figures.push(figure)
    const value = format(f.value, f.unit)
    const target = f.target ? `  target ${f.target.op} ${format(f.target.value, f.unit)} ${pass ? 'ok' : 'MISS'}` : ''
    const base = f.baseline ? `  | raw: ${format(f.baseline.value, f.unit)} (${f.baseline.label})` : ''
    const r = f.ratio !== undefined ? `  ratio ${ratio(f.ratio)}` : ''
    this.out(`   ${f.label.padEnd(44)} ${value.padStart(12)}${target}${r}${base}${f.note ? `  — ${f.note}` : ''}`)
    return figure
  }

  write(dir: string, name: string, extra: Record<string, unknown>): string {
    mkdirSync(dir, { recursive: true })
    const file = join(dir, name)
    writeFileSync(file, JSON.stringify({ ...extra, info: this.info, figures: this.figures }, null, 2))
    return file
  }

  /** The one-line-per-target table printed at the end. */
  summary(): void {
    this.section('Targets')
    for (const f of this.figures) {
      if (!f.target) continue
      const r = f.ratio !== undefined ? ` (ratio ${ratio(f.ratio)})` : ''
      this.line(`${f.pass ? 'ok  ' : 'MISS'}  ${f.label}: ${format(f.value, f.unit)} (target ${f.target.op} ${format(f.target.value, f.unit)})${r}`)
    }
  }
}

function format(v: number, unit: Figure['unit']): string {
  switch (unit) {
    case 'ms':
      return `${ms(v)} ms`
    case 's':
      return `${ms(v)} s`
    case 'rows/s':
      return `${Math.round(v).toLocaleString('en-US')} rows/s`
    case 'fps':
      return `${v.toFixed(1)} fps`
    case 'MB':
      return `${v.toFixed(0)} MB`
    case 'x':
      return ratio(v)
    case 'count':
      return Math.round(v).toLocaleString('en-US')
  }
}
