import { fileURLToPath } from 'node:url'
import workerEntry from './hosts/worker/worker?modulePath'
import reportReaderEntry from './hosts/report-reader?modulePath'
import itemPreparerEntry from './hosts/item-preparer?modulePath'
import { runCli } from './hosts/cli/main'
import { version } from '../../package.json'

/** Entry of `npx parley`: the same core as the desktop app, without Electron. */
// Whatever the shell's umask, nothing this process creates (SQLite's own journal files included) is readable by
// other users; the workspace code also sets 0700/0600 explicitly, for hosts that cannot set a umask.
if (process.platform !== 'win32') process.umask(0o077)
const code = await runCli(process.argv.slice(2), {
  version,
  rendererDir: fileURLToPath(new URL('../renderer/', import.meta.url)),
  workerEntry,
  reportReaderEntry,
  itemPreparerEntry,
})
process.exitCode = code
