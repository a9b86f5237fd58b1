#!/usr/bin/env node
// `node bench/growth.mjs RESULT.json RESULT.json …`: the growth table of issue-25's second round from bench runs at
// several sizes (e.g. --size 62500, 250000 and 1000000: about 250k, 1M and 4M messages), made the same day on
// one machine. For each figure it prints the value at each size and its growth factor per 4× messages
// (value ratio between two runs, scaled to a 4× step by the messages ratio), against the growth targets:
// views, counts and open ≤ 1.5× per 4×; search and saved views ≤ 2× per 4×; the weekly summary linear in the
// week's volume, not the workspace's (so its factor is judged against the week's items' own growth).
import { readFileSync } from 'node:fs'

const files = process.argv.slice(2)
if (files.length < 2) {
  console.error('usage: node bench/growth.mjs RESULT.json RESULT.json [...]  (bench/results/*.json from runs at different sizes)')
  process.exit(2)
}
const runs = files
  .map((file) => {
    const r = JSON.parse(readFileSync(file, 'utf8'))
    const messages = r.info?.workspace?.build?.items ?? r.info?.workspace?.build?.parleyInserted
    if (!messages) throw new Error(`${file}: no workspace size in its info (a --team-only run?)`)
    return { file, messages, date: r.date, figures: new Map(r.figures.map((f) => [f.id, f])) }
  })
  .sort((a, b) => a.messages - b.messages)

/** The growth target for a figure id, or null for figures without one. */
function limitFor(id) {
  if (/^views\.|^counts\.|^browser\.open|^core\.get/.test(id)) return 1.5
  if (/^search\.|^saved\./.test(id)) return 2
  return null
}
const ids = [...runs[0].figures.keys()].filter((id) => limitFor(id) !== null || id.startsWith('weekly.'))
const fmt = (v, unit) => (v === undefined ? '—' : `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${unit}`)

console.log(`| Figure | ${runs.map((r) => `${r.messages.toLocaleString('en-US')} msgs`).join(' | ')} | ${runs.slice(1).map((r, i) => `per 4× (${(runs[i].messages / 1000).toFixed(0)}k→${(r.messages / 1000).toFixed(0)}k)`).join(' | ')} | Target | |`)
console.log(`|---|${runs.map(() => '---').join('|')}|${runs.slice(1).map(() => '---').join('|')}|---|---|`)
for (const id of ids) {
  const values = runs.map((r) => r.figures.get(id)?.value)
  const unit = runs[0].figures.get(id)?.unit ?? ''
  const factors = runs.slice(1).map((r, i) => {
    const a = values[i]
    const b = values[i + 1]
    if (a === undefined || b === undefined || a <= 0) return undefined
    // Scale to a 4× step: growth^(log 4 / log(size ratio)).
    return (b / a) ** (Math.log(4) / Math.log(r.messages / runs[i].messages))
  })
  const limit = limitFor(id)
  const worst = Math.max(...factors.filter((f) => f !== undefined))
  const verdict = limit === null ? 'see the week’s volume' : worst <= limit ? 'ok' : '**miss**'
  console.log(`| ${id} | ${values.map((v) => fmt(v, unit)).join(' | ')} | ${factors.map((f) => (f === undefined ? '—' : `${f.toFixed(2)}×`)).join(' | ')} | ${limit === null ? 'linear in the week' : `≤ ${limit}× per 4×`} | ${verdict} |`)
}
console.log(`\nRuns: ${runs.map((r) => `${r.file} (${r.date})`).join('; ')}`)
