import { parseArgs } from 'node:util'
import type { ChannelAccount, Platform } from '../../../../shared/contract'
const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)
import { ParleyError } from '../../../../shared/contract'
import type { CliContext } from '../context'
import { openCliCore, workspaceOptions } from '../open-core'
import { err, out, UsageError } from '../output'
import { readSecret, secretGiven, warnCredentialsInUrl } from '../secret-input'
import { builtInConnectors } from '../../../features/connectors'
import type { Connector } from '../../../model/connector'
import type { ConnectorManifest } from '../../../../shared/contract/manifest'
import { addHelp, aOrAn, deprecatedValueFlags, flagsOf, plainFields, platformOptions, secretFields, secretFlag } from './accounts-flags'
import { addMetaAccounts } from './accounts-meta'
import { describeAccount, printConnected, usageErrorFor } from './accounts-output'

/** The connectors this CLI offers: the registry's list, or the one a test or another build passes in. */
export const cliConnectors = (ctx: Pick<CliContext, 'connectors'>): readonly Connector[] => ctx.connectors ?? builtInConnectors

export function accountsHelp(manifests: readonly ConnectorManifest[]): string {
  const deprecated = deprecatedValueFlags(manifests)
  return `parley accounts <add|list|remove|pause|resume> …

  parley accounts add <${manifests.map((m) => m.id).join('|')}> [flags]
  parley accounts list [--json]
  parley accounts remove ID [--delete-data]
  parley accounts pause ID | resume ID

${addHelp(manifests)}

Secrets: --<secret>-file FILE reads the secret from a file, or from standard input with "-"
(printf '%s' "$SECRET" | parley accounts add … --<secret>-file -). Without either, a terminal asks for it without
showing it.${deprecated.length ? ` ${deprecated.join(' and ')} still work but warn: a command line is readable by\nother users of this machine and stays in your shell history.` : ''}

Common options: --data-dir DIR, --vault keychain|file (file: passphrase from PARLEY_VAULT_PASSPHRASE or a prompt;
the workspace remembers the vault it uses, so --vault is needed once).
Credentials are checked with the platform before anything is stored; secrets go to the vault only.`
}

type CliCore = Awaited<ReturnType<typeof openCliCore>>

/** "a, b and c": a short list in a sentence. */
const inWords = (words: readonly string[]): string => (words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`)

/** Signing in through the browser is the only way: OAuth, and no secret the person could paste instead is required. */
const browserOnly = (manifest: ConnectorManifest): boolean =>
  manifest.authKind === 'oauth_pkce' && !!manifest.connect.oauth && !manifest.connect.fields.some((f) => f.secret && f.required)

/** Secrets that stand in for the browser sign-in (a token to paste), as opposed to those the sign-in itself takes. */
const tokenSecrets = (manifest: ConnectorManifest) => secretFields(manifest).filter((f) => !manifest.connect.oauth?.fields.includes(f.name))

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
  const manifests = cliConnectors(ctx).map((c) => c.manifest)
  const [action, ...rest] = argv
  // A Page and its linked Instagram account are added together, from one sign-in.
  if (action === 'add' && (rest[0] === 'facebook' || rest[0] === 'instagram')) return addMetaAccounts(rest[0], rest.slice(1), ctx)
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      ...platformOptions(manifests),
      ...workspaceOptions,
      json: { type: 'boolean', default: false },
      'delete-data': { type: 'boolean', default: false },
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
  const manifest = action === 'add' ? manifests.find((m) => m.id === platform) : undefined
  const flags = values as Record<string, unknown>
  if (action === 'add') {
    if (!platform || !manifest) {
      const known = `Say which kind of account: ${manifests.map((m) => m.id).join(', ')}.`
      throw new UsageError(platform ? `Parley cannot connect ${platform} accounts. ${known}` : known)
    }
    const own = flagsOf(manifest)
    const foreign = [...new Set(manifests.flatMap((m) => [...flagsOf(m)]))].filter((flag) => !own.has(flag) && typeof flags[flag] === 'string')
    if (foreign.length) throw new UsageError(`${capitalize(aOrAn(platform))} account takes no --${foreign[0]}.`)
    // The browser sign-in is the way in without --oauth when no token to paste was given: a platform whose only way in
    // is the browser (the person's own OAuth client), or whose manifest asks for it when no secret at all was given.
    const anySecretGiven = secretFields(manifest).some((f) => secretGiven(flags, secretFlag(manifest, f)))
    const browserByDefault = browserOnly(manifest)
      ? !tokenSecrets(manifest).some((f) => secretGiven(flags, secretFlag(manifest, f)))
      : manifest.authKind === 'oauth_pkce' && !!manifest.connect.oauth?.cliWhenNoSecret && !anySecretGiven
    if (!values.oauth && browserByDefault) flags.oauth = true
    if (flags.oauth) {
      const oauthIds = manifests.filter((m) => m.authKind === 'oauth_pkce' && m.connect.oauth).map((m) => m.id)
      if (!manifest.connect.oauth || manifest.authKind !== 'oauth_pkce') {
        throw new UsageError(`--oauth (sign in through the browser) is available for ${inWords(oauthIds) || 'no'} accounts only.`)
      }
      // Secrets the sign-in itself needs (a Google Desktop client's secret) come along; a token to paste instead of signing in does not.
      const given = tokenSecrets(manifest).flatMap((f) => [f.cliFlag, `${f.cliFlag}-file`]).find((name) => typeof flags[name] === 'string')
      if (given) throw new UsageError(`Use either --oauth or --${given}, not both.`)
      const needed = manifest.connect.fields.filter((f) => f.required && manifest.connect.oauth!.fields.includes(f.name) && !flags[f.cliFlag])
      if (needed.length) throw new UsageError(`Signing in to ${manifest.label} needs ${needed.map((f) => `--${f.cliFlag}`).join(' and ')}.`)
    } else {
      const missing = plainFields(manifest).filter((f) => f.required && (typeof flags[f.cliFlag] !== 'string' || flags[f.cliFlag] === ''))
      if (missing.length) throw new UsageError(`Adding ${aOrAn(platform)} account needs ${missing.map((f) => `--${f.cliFlag}`).join(' and ')}.`)
    }
    for (const f of plainFields(manifest)) {
      const value = flags[f.cliFlag]
      if (f.type === 'url' && typeof value === 'string') warnCredentialsInUrl(f.cliFlag, value)
    }
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
    if (action === 'add' && manifest) {
      const fields: Record<string, string> = {}
      for (const f of plainFields(manifest)) {
        const value = flags[f.cliFlag]
        if (typeof value === 'string' && (value !== '' || f.required)) fields[f.name] = value
      }
      if (flags.oauth) {
        for (const f of secretFields(manifest).filter((x) => manifest.connect.oauth?.fields.includes(x.name))) {
          const secret = secretFlag(manifest, f)
          if (f.required || secretGiven(flags, secret)) fields[f.name] = await readSecret(flags, secret)
        }
        return await signIn(client, manifest.id, fields)
      }
      for (const f of secretFields(manifest)) {
        const secret = secretFlag(manifest, f)
        if (f.required || secretGiven(flags, secret)) fields[f.name] = await readSecret(flags, secret)
      }
      const added = await service.add(manifest.id, fields)
      await printConnected(service, added, manifest.connect.storedSecret ? `Its ${manifest.connect.storedSecret} is` : undefined)
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
