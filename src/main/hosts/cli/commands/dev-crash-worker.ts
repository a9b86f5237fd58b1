import { parseArgs } from 'node:util'
import type { CallResult } from '../../../../shared/contract'
import { builtInConnectors } from '../../../features/connectors'
import type { Connector } from '../../../model/connector'
import { systemClock } from '../../../base/clock'
import { inProcessCore } from '../../worker/in-process'
import type { NormalizedItem } from '../../../model/items'
import type { Vault } from '../../../features/vault/vault'
import type { CliContext } from '../context'
import { resolveDataDir } from '../data-dir'
import { out, UsageError } from '../output'

/**
 * Hidden (not in the usage text): the child process of the crash test
 * (tests/node/outbox/crash.test.ts). It drives a prepared workspace through
 * draft saves, submit, approval and send, printing a marker after each step
 * commits, while the test kills it with SIGKILL at a random marker. Secrets come
 * from PARLEY_CRASH_TOKEN and PARLEY_CRASH_PASSPHRASE, never from flags (ps would show them).
 */
export const devCrashWorkerHelp = `parley dev-crash-worker --data-dir DIR --agent ID --supervisor ID --conversations ID,ID… [--ingest-account ID --ingest-batches N] [--stall-after-send]

Test tool: ingests N batches of inbound items (one transaction each), then saves, submits, approves and sends
one reply per conversation, printing a progress marker after each step commits.`

/** The single-credential secret names connectors use: an access token, a password, an API key, a bot token. */
const CREDENTIAL = /\/(accessToken|password|apiKey|botToken|pageToken)$/

/**
 * Answers every account's single credential ("<account>/accessToken", "<account>/password", …) with the token
 * from the environment, and "<account>/clientId" with PARLEY_CRASH_CLIENT_ID (platforms signed in with the
 * person's own OAuth client); writes nothing.
 */
function tokenVault(token: string, clientId: string | undefined): Vault {
  return {
    kind: 'keychain',
    description: 'crash-test token',
    check: async () => undefined,
    get: async (name) => (CREDENTIAL.test(name) ? token : name.endsWith('/clientId') ? (clientId ?? null) : null),
    set: async () => undefined,
    delete: async () => false,
    list: async () => [],
  }
}

/** --stall-after-send: the post reaches the platform, then the process never learns it did (until it is killed). */
function stalling(connectors: readonly Connector[]): Connector[] {
  return connectors.map((c) => ({
    ...c,
    send: async (reply, key, ctx) => {
      await c.send(reply, key, ctx)
      out('posted')
      return new Promise<never>(() => undefined)
    },
  }))
}

function value<T>(result: CallResult<unknown>, step: string): T {
  if (!result.ok) throw new Error(`${step}: ${result.error.message}`)
  return result.value as T
}

export async function devCrashWorker(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      agent: { type: 'string' },
      supervisor: { type: 'string' },
      conversations: { type: 'string' },
      'stall-after-send': { type: 'boolean', default: false },
      'ingest-account': { type: 'string' },
      'ingest-batches': { type: 'string', default: '0' },
    },
    strict: true,
  })
  const token = process.env.PARLEY_CRASH_TOKEN
  const passphrase = process.env.PARLEY_CRASH_PASSPHRASE
  const agent = Number(values.agent)
  const supervisor = Number(values.supervisor)
  const conversations = (values.conversations ?? '').split(',').filter(Boolean).map(Number)
  if (!values['data-dir'] || !token || !passphrase || !agent || !supervisor || conversations.length === 0) {
    throw new UsageError('dev-crash-worker needs --data-dir, --agent, --supervisor, --conversations, PARLEY_CRASH_TOKEN and PARLEY_CRASH_PASSPHRASE.')
  }
  const client = inProcessCore({
    dataDir: resolveDataDir(values['data-dir']),
    version: ctx.version,
    clock: systemClock,
    vault: tokenVault(token, process.env.PARLEY_CRASH_CLIENT_ID),
    connectors: values['stall-after-send'] ? stalling(builtInConnectors) : builtInConnectors,
  })
  const call = async <T>(op: string, input: unknown): Promise<T> => value<T>(await client.call(op, input), op)
  client.subscribe((name, payload) => {
    const p = payload as { itemId?: string; state?: string }
    if (name === 'outbox.changed' && p.state === 'sending') out(`sending ${p.itemId}`)
  })
  try {
    out('ready')
    // Ingest: each batch is one transaction, so a kill leaves all of it or none of it.
    const ingestAccount = Number(values['ingest-account'])
    for (let batch = 0; batch < Number(values['ingest-batches']); batch++) {
      client.core.stores.ingest.ingest(ingestAccount, crashBatch(batch, Date.now()))
      out(`ingested ${batch}`)
    }
    for (const conversationId of conversations) {
      await call('profiles.switch', { profileId: agent })
      for (let version = 1; version <= 3; version++) {
        await call('drafts.save', { conversationId, body: draftText(conversationId, version) })
        out(`draft ${conversationId} ${version}`)
      }
      const submitted = await call<{ approval: { id: string; bodyHash: string } | null }>('approvals.submit', { conversationId })
      if (!submitted.approval) throw new Error('the agent\'s reply did not need approval; the crash test expects it to')
      out(`submitted ${conversationId} ${submitted.approval.id}`)
      await call('profiles.switch', { profileId: supervisor, passphrase })
      const approved = await call<{ outboxItem: { id: string } | null }>('approvals.approve', { approvalId: submitted.approval.id, bodyHash: submitted.approval.bodyHash })
      out(`approved ${conversationId} ${submitted.approval.id} ${approved.outboxItem?.id ?? '-'}`)
      for (const report of await client.core.outboxEngine.runDue()) out(`${report.outcome} ${report.itemId}`)
    }
    out('done')
    return 0
  } finally {
    await client.close()
  }
}

/** Items per ingest batch: large enough that a kill often lands inside the transaction. */
export const CRASH_BATCH_SIZE = 150

/** One batch of inbound comments, remote ids "crash-<batch>-<n>"; the test counts them per batch. */
export function crashBatch(batch: number, at: number): NormalizedItem[] {
  return Array.from({ length: CRASH_BATCH_SIZE }, (_, n) => ({
    remoteId: `crash-${batch}-${n}`,
    conversationKey: `crash-thread-${batch}-${n % 10}`,
    parentRemoteId: null,
    kind: 'comment' as const,
    direction: 'in' as const,
    author: { remoteId: `crash-author-${n % 25}`, handle: `@fan${n % 25}@social.example`, displayName: `Fan ${n % 25}`, avatarUrl: null, profileUrl: null },
    text: `Batch ${batch}, comment ${n}: does the winter tyre fit the Commuter 2?`,
    html: null,
    createdAt: at - (CRASH_BATCH_SIZE - n) * 1_000,
    permalink: null,
  }))
}

/** The reply text of each saved version; the test recomputes it to check what survived. */
export function draftText(conversationId: number, version: number): string {
  return `Thanks for writing, we are on it (conversation ${conversationId}, version ${version}).`
}
