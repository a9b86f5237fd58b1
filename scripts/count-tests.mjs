// Sums the JSON reports of vitest and playwright into one closing line: "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
let skipped = 0
// Named here because CI shows only the end of the log: a failure far above would otherwise be lost.
const failures = []
const firstLine = (text) => String(text ?? '').split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 300) ?? ''
const [vitestFile, playwrightFile] = process.argv.slice(2)

if (vitestFile && existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, 'utf8'))
  passed += v.numPassedTests
  failed += v.numFailedTests
  // A file that fails to load or whose hooks throw has no failed tests but did fail.
  failed += v.testResults.filter((file) => file.status === 'failed' && file.assertionResults.every((t) => t.status !== 'failed')).length
  skipped += v.numPendingTests + v.numTodoTests
  for (const file of v.testResults) {
    for (const t of file.assertionResults) {
      if (t.status === 'failed') failures.push(`${file.name} › ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`)
    }
    if (file.status === 'failed' && file.assertionResults.every((t) => t.status !== 'failed')) failures.push(`${file.name}: ${firstLine(file.message)}`)
  }
} else failed++

if (playwrightFile && existsSync(playwrightFile)) {
  const p = JSON.parse(readFileSync(playwrightFile, 'utf8'))
  passed += p.stats.expected
  failed += p.stats.unexpected
  skipped += p.stats.skipped
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'unexpected') {
          const last = test.results?.at(-1)
          failures.push(`${spec.file} › ${[...titles, spec.title].join(' › ')}: ${firstLine(last?.error?.message)}`)
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title])
  }
  for (const suite of p.suites ?? []) walk(suite, [])
} else failed++

for (const failure of failures) console.log(`  failed: ${failure}`)
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
