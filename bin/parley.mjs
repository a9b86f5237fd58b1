#!/usr/bin/env node
// Launcher for `npx parley`: checks Node, builds on first use, then runs the bundled CLI.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  const local = join(root, 'node_modules', '.bin', 'node')
  if (existsSync(local) && process.env.PARLEY_NODE_REEXEC !== '1') {
    // The project installs its own Node 22 (devDependency "node"); use it rather than fail.
    const run = spawnSync(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, PARLEY_NODE_REEXEC: '1' },
    })
    process.exit(run.status ?? 1)
  }
  console.error(`Parley needs Node.js 22.12 or newer; this is ${process.versions.node}. Run "bash scripts/setup.sh" first.`)
  process.exit(1)
}

const cli = join(root, 'out', 'main', 'cli.js')
if (!existsSync(cli) || process.env.PARLEY_REBUILD === '1') {
  console.error('Building Parley (first run)…')
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (build.status !== 0) {
    console.error('The build failed; see the messages above.')
    process.exit(1)
  }
}
await import(cli)
