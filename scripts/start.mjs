#!/usr/bin/env node
// `npm start`: makes sure Electron's runtime is here (Electron downloads it on first use),
// then runs the desktop app (electron-vite preview). When the runtime cannot be fetched
// (no network, a proxy, a blocked mirror) it says so in plain words and shows how to use
// Parley in the browser instead, rather than ending in a download stack trace.
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))
const { version } = require('electron/package.json')

// Electron's own installer: exits 0 at once when the runtime is present, else downloads it.
const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
if (install.status !== 0) {
  const output = `${install.stderr ?? ''}\n${install.stdout ?? ''}`
  const first = output.split('\n').map((line) => line.trim()).find((line) => /error|refused|ENOTFOUND|EAI_AGAIN|timed? ?out|status code/i.test(line)) ?? install.error?.message ?? 'no reason was given'
  // Node's fetch says only "fetch failed" when the server cannot be reached at all.
  const reason = /fetch failed/i.test(first) ? 'the download server could not be reached' : first
  const server = process.env.ELECTRON_MIRROR || process.env.npm_config_electron_mirror || 'https://github.com/electron/electron/releases'
  process.stderr.write(
    [
      `Parley's desktop runtime (Electron ${version}) could not be downloaded, so the desktop app cannot start.`,
      `  Why: ${reason.slice(0, 300)} (${server.slice(0, 200)})`,
      '',
      'Use Parley in your browser instead; it is the same app and the same data:',
      '  npx parley serve',
      '',
      'To get the desktop app, run `npm start` again once this machine can reach the download',
      '(behind a proxy: set ELECTRON_GET_USE_PROXY=1 and HTTPS_PROXY; a local copy: set ELECTRON_MIRROR).',
      '',
    ].join('\n'),
  )
  process.exit(1)
}

const preview = spawn(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'preview', ...process.argv.slice(2)], { stdio: 'inherit' })
preview.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
