#!/usr/bin/env node
// Runs Doyensec's Electronegativity (the static scanner for Electron security
// misconfigurations) over the shell and the preload, and fails on any finding that
// docs/RELIABILITY.md does not list with its explanation ("Electronegativity: CHECK_ID in file").
//
// It calls the scanner's runner directly instead of its CLI: the CLI fetches translations
// from a public host, and nothing here may contact any host but 127.0.0.1. The same
// translations ship inside the package, so the runner reads them from disk; the scanner's
// HTTP client is replaced by one that refuses, and the one check that only asks the
// internet for newer Electron releases is skipped (tests/node/electron-checklist.test.ts
// pins a current Electron instead).
import { createRequire } from 'node:module'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const packageDir = dirname(require.resolve('@doyensec/electronegativity/package.json'))

// Stand in for the module that downloads translations: configure i18n from the bundled files only.
const i18nModule = join(packageDir, 'dist', 'locales', 'i18n.js')
const localI18n = () => {
  const i18n = require(require.resolve('i18n', { paths: [packageDir] }))
  i18n.configure({ locales: ['en-US'], defaultLocale: 'en-US', directory: dirname(i18nModule), updateFiles: false, objectNotation: true, register: globalThis })
  i18n.setLocale('en-US')
  return Promise.resolve()
}
const stub = (file, exports) => (require.cache[file] = { id: file, filename: file, loaded: true, exports })
const refuse = () => Promise.reject(new Error('Electronegativity may not reach the network here.'))
stub(require.resolve('got', { paths: [packageDir] }), Object.assign(refuse, { default: refuse, get: refuse }))
require.cache[i18nModule] = { id: i18nModule, filename: i18nModule, loaded: true, exports: { __esModule: true, default: localI18n } }
const run = require(join(packageDir, 'dist', 'runner.js'))

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version
const inputs = process.argv.slice(2).length ? process.argv.slice(2) : ['src/main/hosts/electron', 'src/preload']
const explained = readFileSync(join(root, 'docs', 'RELIABILITY.md'), 'utf8')

// One scan over all inputs together, so the global checks (navigation limits, permission
// handler) see the shell and the preload as one app, as they run.
const scanDir = mkdtempSync(join(tmpdir(), 'parley-electronegativity-'))
for (const input of inputs) {
  // Findings are named by the path inside the project (an outside folder by its own name).
  const from = resolve(root, input)
  const inside = relative(root, from)
  cpSync(from, join(scanDir, inside.startsWith('..') || isAbsolute(inside) ? basename(from) : inside), { recursive: true })
}
let result
try {
  result = await run({ input: scanDir, electronVersionOverride: electronVersion, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'], parserPlugins: [] }, false)
} finally {
  rmSync(scanDir, { recursive: true, force: true })
}

let unexplained = 0
for (const error of result.errors) {
  // A file the scanner cannot parse is a file it did not check: that fails the run too.
  if (!error.tolerable) {
    console.error(`could not scan ${relative(scanDir, error.file)}: ${error.message}`)
    unexplained++
  }
}
for (const issue of result.issues) {
  const file = issue.file.startsWith(scanDir) ? relative(scanDir, issue.file) : issue.file
  const known = explained.includes(`Electronegativity: ${issue.id} in ${file}`)
  if (!known) unexplained++
  console.log(`${known ? 'explained' : 'FINDING  '}  ${issue.id}  ${file}:${issue.location.line}:${issue.location.column}  ${issue.description}`)
}
const version = require(join(packageDir, 'package.json')).version
console.log(`Electronegativity ${version} on Electron ${electronVersion}: ${result.issues.length} finding(s) in ${inputs.join(', ')}; ${unexplained} neither fixed nor explained in docs/RELIABILITY.md.`)
process.exit(unexplained === 0 ? 0 : 1)
