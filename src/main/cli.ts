import { fileURLToPath } from 'node:url'
import workerEntry from './worker?modulePath'
import reportReaderEntry from './report-reader?modulePath'
import { runCli } from './cli/main'
import { version } from '../../package.json'

/** Entry of `npx parley`: the same core as the desktop app, without Electron. */
const code = await runCli(process.argv.slice(2), {
  version,
  rendererDir: fileURLToPath(new URL('../renderer/', import.meta.url)),
  workerEntry,
  reportReaderEntry,
})
process.exitCode = code
