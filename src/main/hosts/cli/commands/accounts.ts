import { parseArgs } from 'node:util'
import type { ChannelAccount, Platform } from '../../../../shared/contract'
import { ParleyError } from '../../../../shared/contract'
import type { CliContext } from '../context'
import { openCliCore, workspaceOptions } from '../open-core'
import { err, out, UsageError } from '../output'
import { readSecret, secretGiven, secretOptions, warnCredentialsInUrl, type SecretFlag } from '../secret-input'
import { addEmailAccount } from './accounts-email'
import { addMetaAccounts } from './accounts-meta'
import { describeAccount, printConnected, usageErrorFor } from './accounts-output'

export const accountsHelp = `parley accounts <add|list|remove|pause|resume> …

  parley accounts add mastodon --instance URL --oauth    (sign in through your browser)
  parley accounts add mastodon --instance URL [--token-file FILE]
  parley accounts add bluesky [--service URL] --handle HANDLE [--app-password-file FILE]
  parley accounts add feed --url URL [--keywords "a,b"]
  parley accounts add facebook --app-id ID [--app-secret-file FILE] [--access-token-file FILE] [--pages "A,B"] [--no-instagram] [--api-base URL]
  parley accounts add instagram --app-id ID [--app-secret-file FILE] [--access-token-file FILE] [--pages "A"] [--api-base URL]
  parley accounts add email --imap imap[s]://HOST:PORT --smtp smtp[s]://HOST:PORT --user USER [--password-file FILE|-] [--address FROM] [--folders INBOX,Support]
  parley accounts list [--json]
  parley accounts remove ID [--delete-data]
  parley accounts pause ID | resume ID

Secrets: --token-file / --app-password-file / --password-file read the secret from a file, or from standard input with "-"
(printf '%s' "$TOKEN" | parley accounts add mastodon --instance URL --token-file -). Without either, a terminal
asks for it without showing it. --token and --app-password still work but warn: a command line is readable by
other users of this machine and stays in your shell history.

Common options: --data-dir DIR, --vault keychain|file (file: passphrase from PARLEY_VAULT_PASSPHRASE or a prompt;
the workspace remembers the vault it uses, so --vault is needed once).
Credentials are checked with the platform before anything is stored; secrets go to the vault only.`

interface AddFlags {
  /** Non-secret flags, mapped to the connector's field names. */
  fields: Record<string, string>
  required: string[]
  /** Secret flags (each also as --<name>-file), mapped to the connector's field names. */
  secrets: (SecretFlag & { field: string })[]
}

/** Flags per platform. A new connector's secrets go in `secrets`, so they follow the same file/stdin/prompt convention. */
const addFlags: Record<string, AddFlags> = {
  mastodon: { fields: { instance: 'instance' }, required: ['instance'], secrets: [{ name: 'token', label: 'Mastodon access token', field: 'token' }] },
  bluesky: {
    fields: { service: 'service', handle: 'handle' },
    required: ['handle'],
    secrets: [{ name: 'app-password', label: 'Bluesky app password', field: 'appPassword' }],
  },
  feed: { fields: { url: 'url', keywords: 'keywords' }, required: ['url'], secrets: [] },
}

const secretNames = [...new Set(Object.values(addFlags).flatMap((p) => p.secrets.map((f) => f.name)))]

type CliCore = Awaited<ReturnType<typeof openCliCore>>

/** `--oauth`: print the address to open, wait for the browser to come back (Ctrl-C cancels), print the account. */
async function signIn(client: CliCore, platform: Platform, fields: Record<string, string>): Promise<number> {
  const { accounts: service } = client.core
  // Listen first, so an answer can never slip past between starting and waiting.
  const outcomes = new Map<string, { account: ChannelAccount | null; error: string | null }>()
  let wake: () => void = () => undefined
  const unsubscribe = client.subscribe((name, payload) => {
    if (name !== 'accounts.oauthFinished') return
    const p = payload as { flowId: string; account: ChannelAccount | null; error: string | null }
    outcomes.set(p.flowId, p)
    wake()
  })
  let interrupted = false
  let flowId: string | null = null
  const onInterrupt = (): void => {
    interrupted = true
    if (flowId) void service.cancelOAuth(flowId)
    wake()
  }
  process.once('SIGINT', onInterrupt)
  try {
    const flow = await service.beginOAuth(platform, fields)
    flowId = flow.flowId
    out(`Open this address in your browser to let Parley read and answer for your account:\n\n  ${flow.authorizeUrl}\n`)
    err(`Waiting for you to approve Parley in your browser (until ${new Date(flow.expiresAt).toLocaleTimeString()}). Press Ctrl-C to cancel.`)
    while (!outcomes.has(flow.flowId) && !interrupted) await new Promise<void>((resolve) => (wake = resolve))
    const outcome = outcomes.get(flow.flowId)
    if (interrupted && !outcome?.account) {
      await service.cancelOAuth(flow.flowId)
      err('Cancelled; nothing was connected.')
      return 130
    }
    if (!outcome?.account) throw new ParleyError('unauthorized', outcome?.error ?? 'The sign-in did not finish. Nothing was connected.')
    await printConnected(service, outcome.account)
    return 0
  } finally {
    process.off('SIGINT', onInterrupt)
    unsubscribe()
  }
}

export async function accounts(argv: string[], ctx: CliContext): Promise<number> {
  const [action, ...rest] = argv
  if (action === 'add' && rest[0] === 'email') return addEmailAccount(rest.slice(1), ctx)
  if (action === 'add' && (rest[0] === 'facebook' || rest[0] === 'instagram')) return addMetaAccounts(rest[0], rest.slice(1), ctx)
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      ...workspaceOptions,
      json: { type: 'boolean', default: false },
      'delete-data': { type: 'boolean', default: false },
      instance: { type: 'string' },
      service: { type: 'string' },
      handle: { type: 'string' },
      ...secretOptions(secretNames),
      url: { type: 'string' },
      keywords: { type: 'string' },
      oauth: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  })
  if (!action || !['add', 'list', 'remove', 'pause', 'resume'].includes(action)) {
    throw new UsageError(action ? `Unknown accounts action "${action}".` : 'Say what to do: add, list, remove, pause or resume.')
  }
  // Everything typed is checked before the workspace is opened (and before any passphrase is asked for).
  const platform = positionals[0]
  const spec = action === 'add' ? addFlags[platform ?? ''] : undefined
  if (action === 'add') {
    if (!platform || !spec) throw new UsageError(`Say which kind of account: ${Object.keys(addFlags).join(', ')}.`)
    const flags = values as Record<string, unknown>
    if (values.oauth) {
      if (platform !== 'mastodon') throw new UsageError('--oauth (sign in through the browser) is available for mastodon accounts only.')
      const given = spec.secrets.flatMap((f) => [f.name, `${f.name}-file`]).find((name) => typeof flags[name] === 'string')
      if (given) throw new UsageError(`Use either --oauth or --${given}, not both.`)
      if (!values.instance) throw new UsageError('Signing in to Mastodon needs --instance.')
    }
    const missing = spec.required.filter((flag) => typeof flags[flag] !== 'string' || flags[flag] === '')
    if (missing.length) throw new UsageError(`Adding a ${platform} account needs ${missing.map((m) => `--${m}`).join(' and ')}.`)
    for (const flag of ['url', 'instance', 'service']) {
      const value = flags[flag]
      if (typeof value === 'string') warnCredentialsInUrl(flag, value)
    }
    const foreign = secretNames.filter((name) => !spec.secrets.some((f) => f.name === name) && secretGiven(flags, { name, label: name }))
    if (foreign.length) throw new UsageError(`A ${platform} account takes no --${foreign[0]}.`)
  }
  const client = await openCliCore(values, ctx)
  try {
    const { accounts: service, inbox } = client.core
    if (action === 'list') {
      const list = inbox.accounts()
      if (values.json) out(JSON.stringify(list.map((a) => ({ ...a, health: a.isDemo ? null : service.health(a.id)[0] ?? null })), null, 2))
      else out(list.length ? list.map(describeAccount).join('\n') : 'No channel accounts yet. Add one with "parley accounts add".')
      return 0
    }
    if (action === 'add' && spec) {
      if (values.oauth) return await signIn(client, 'mastodon', { instance: values.instance! })
      const fields: Record<string, string> = {}
      for (const [flag, field] of Object.entries(spec.fields)) {
        const value = values[flag as keyof typeof values]
        if (typeof value === 'string') fields[field] = value
      }
      for (const secret of spec.secrets) fields[secret.field] = await readSecret(values as Record<string, unknown>, secret)
      const added = await service.add(platform as Platform, fields)
      await printConnected(service, added)
      return 0
    }
    const id = Number(positionals[0])
    if (!Number.isInteger(id) || id <= 0) throw new UsageError(`Give the account's number (see "parley accounts list"), not "${positionals[0] ?? ''}".`)
    if (action === 'remove') {
      const removed = await service.remove(id, values['delete-data'])
      out(
        removed.dataRemoved
          ? `Removed account #${id}: its secrets and its conversations are deleted.`
          : `Removed account #${id}: its secrets are deleted; its conversations are kept (use --delete-data to delete them too).`,
      )
      return 0
    }
    const changed = action === 'pause' ? service.pause(id) : service.resume(id)
    out(`${action === 'pause' ? 'Paused' : 'Resumed'} ${describeAccount(changed)}.`)
    return 0
  } catch (error) {
    throw usageErrorFor(error)
  } finally {
    await client.close()
  }
}
