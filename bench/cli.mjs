#!/usr/bin/env node
// `npm run bench -- [--size N] [...]`: bundles the TypeScript harness under bench/src with Vite's build API
// (already a devDependency; the same bundler electron-vite uses) into out/bench/, then runs it in plain Node 22.
// Why not vitest or --experimental-strip-types: see BENCHMARKS.md ("How the harness runs").
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const argv = process.argv.slice(2)

// Same rule as bin/parley.mjs: better-sqlite3 needs Node 22 here (the system Node 20 crashes on it).
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  const local = join(root, 'node_modules', '.bin', 'node')
  if (existsSync(local) && process.env.PARLEY_NODE_REEXEC !== '1') {
    const again = spawnSync(local, [fileURLToPath(import.meta.url), ...argv], { stdio: 'inherit', env: { ...process.env, PARLEY_NODE_REEXEC: '1' } })
    process.exit(again.status ?? 1)
  }
  console.error(`The benchmark needs Node.js 22.12 or newer; this is ${process.versions.node}.`)
  process.exit(1)
}

if (argv.includes('--help') || argv.includes('-h')) {
  console.log(`npm run bench -- [options]

  --size N          conversations in the workspace (default 50000; 250000 is about a million messages)
  --fresh           rebuild the cached workspace even if one exists
  --cache-dir DIR   where workspaces are cached (default: $PARLEY_BENCH_CACHE or /tmp/parley-bench)
  --runs N          timed runs per query figure (default 200)
  --eld-items N     items ingested while the event-loop delay is measured (default 100000)
  --scroll-rows N   rows the browser list is grown to before the scroll figures (default 100000)
  --skip-eld        skip the event-loop-delay phase
  --feed-entries N  entries in the huge-feed phase's RSS document (default 25000)
  --skip-feed       skip the huge-feed phase
  --connector-polls N  timed polls per connector in the connector phase (default 20)
  --connectors a,b  only these platforms in the connector phase (e.g. email,feed)
  --skip-connectors skip the connector-poll phase (starts every fake, Dovecot and Synapse: about a minute)
  --skip-browser    skip browser mode (serve + Chromium)
  --no-build        do not run "electron-vite build" first (browser mode then uses whatever is in out/)
  --team            also run the team store's phase (needs PostgreSQL and root; a few minutes)
  --team-only       run only the team store's phase
  --team-ops N      ops in the team's backlog (default 50000)
  --team-laptops N  laptop processes for the visibility figure (default 10)
  --team-seconds N  how long each visibility run lasts (default 30)
  --keep            keep the temporary workspace copies`)
  process.exit(0)
}

const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1)

// Browser mode runs the built app (bin/parley.mjs → out/main/cli.js, out/renderer): build what is measured.
// Before bundling the harness, so nothing the app build does to out/ can touch out/bench.
if (!argv.includes('--no-build') && !argv.includes('--skip-browser')) {
  const started = performance.now()
  const built = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (built.status !== 0) {
    console.error('[bench] electron-vite build failed (see above); pass --no-build or --skip-browser to run without it')
    process.exit(1)
  }
  console.error(`[bench] app built in ${seconds(started)} s`)
}

const started = performance.now()
const { build } = await import('vite')
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  resolve: { alias: { '@shared': join(root, 'src/shared') } },
  build: {
    ssr: true,
    target: 'node22',
    outDir: join(root, 'out/bench'),
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    rollupOptions: {
      // The harness, the real database worker entry (src/main/hosts/worker/worker.ts) for the event-loop phase, and the
      // weekly summary's second thread (src/main/hosts/report-reader.ts), and the connector phase's fakes (their own process).
      input: { run: join(root, 'bench/src/run.ts'), worker: join(root, 'src/main/hosts/worker/worker.ts'), 'report-reader': join(root, 'src/main/hosts/report-reader.ts'), 'team-laptop': join(root, 'bench/src/team-laptop.ts'), 'item-preparer': join(root, 'src/main/hosts/item-preparer.ts'), 'connector-fakes': join(root, 'bench/src/connector-fakes.ts') },
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
    },
  },
})
console.error(`[bench] harness bundled in ${seconds(started)} s`)

const run = spawnSync(process.execPath, ['--expose-gc', join(root, 'out/bench/run.mjs'), ...argv], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PARLEY_BENCH_ROOT: root },
})
process.exit(run.status ?? 1)
