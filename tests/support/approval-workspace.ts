import { createHttpClient } from '../../src/main/base/http'
import { mastodonConnector } from '../../src/main/features/connectors/mastodon'
import type { MastodonFake } from '../../src/main/features/connectors/mastodon/fake-server'
import type { CoreConfig } from '../../src/main/core/config'
import { inProcessCore } from '../../src/main/hosts/worker/in-process'
import { secretAccount } from '../../src/main/features/vault/vault'
import type { CallResult, OperationInput, OperationName, OperationOutput } from '../../src/shared/contract'
import { MemoryVault } from './sync-workspace'
import { FakeClock, tempDir } from './workspace'

export const PASSPHRASES = { me: 'me-first-admin-1', sam: 'sam-supervises-42', kim: 'kim-checks-twice', ada: 'ada-admin-secret' } as const

export type Client = ReturnType<typeof inProcessCore>

/** The contract's types over the in-process client, throwing the plain message when a call fails. */
export function caller(client: Client) {
  const raw = <N extends OperationName>(op: N, input: OperationInput<N>) => client.call(op, input) as Promise<CallResult<OperationOutput<N>>>
  const ok = async <N extends OperationName>(op: N, input: OperationInput<N>): Promise<OperationOutput<N>> => {
    const result = await raw(op, input)
    if (!result.ok) throw new Error(`${op} failed (${result.error.code}): ${result.error.message}`)
    return result.value
  }
  return { raw, ok }
}

/** Opens (or reopens) a workspace on a fake clock, its secrets in a memory vault. */
export function openApprovalCore(dir: string, options: { clock?: FakeClock; vault?: MemoryVault; config?: Partial<CoreConfig> } = {}) {
  const clock = options.clock ?? new FakeClock(Date.now())
  const vault = options.vault ?? new MemoryVault()
  const client = inProcessCore({
    dataDir: dir,
    version: '0.0.0-test',
    clock,
    vault,
    connectors: [mastodonConnector],
    http: createHttpClient('Parley-test'),
    random: () => 1,
    outbox: { backoff: { baseMs: 1_000, maxMs: 60_000 } },
    ...options.config,
  })
  return { client, core: client.core, clock, vault, ...caller(client) }
}

export interface People {
  me: number
  alex: number
  sam: number
  kim: number
}

/**
 * Acts as the session's first-run admin "Me", as a person would: sets Me's passphrase the first
 * time (which unlocks Me, as the first-run step does), or enters it after a restart.
 */
export async function actAsMe(ok: ReturnType<typeof caller>['ok']): Promise<number> {
  const me = await ok('profiles.current', {})
  if (me.hasPassphrase) await ok('profiles.unlock', { passphrase: PASSPHRASES.me })
  else await ok('profiles.setPassphrase', { profileId: me.id, passphrase: PASSPHRASES.me })
  return me.id
}

/**
 * Me (the first-run admin) sets its passphrase, which unlocks it for this session as the first
 * run does, then adds an agent and two supervisors. After a reopen, Parley starts locked on the last profile.
 */
export async function addPeople(ok: ReturnType<typeof caller>['ok']): Promise<People> {
  const me = await actAsMe(ok)
  const alex = (await ok('profiles.create', { name: 'Alex', role: 'agent' })).id
  const sam = (await ok('profiles.create', { name: 'Sam', role: 'supervisor', passphrase: PASSPHRASES.sam })).id
  const kim = (await ok('profiles.create', { name: 'Kim', role: 'supervisor', passphrase: PASSPHRASES.kim })).id
  return { me, alex, sam, kim }
}

/** A workspace connected to the Mastodon fake, synced once, with people. */
export async function mastodonApprovalWorkspace(fake: MastodonFake, config: Partial<CoreConfig> = {}) {
  const t = tempDir('parley-approval-')
  const ws = openApprovalCore(t.dir, { config })
  const account = await ws.core.accounts.add('mastodon', { instance: fake.url, token: fake.token })
  await ws.core.sync.pollOnce([account.id])
  const people = await addPeople(ws.ok)
  const passphrase: Record<number, string> = { [people.me]: PASSPHRASES.me, [people.sam]: PASSPHRASES.sam, [people.kim]: PASSPHRASES.kim }
  const as = async (profileId: number): Promise<void> => {
    await ws.ok('profiles.switch', { profileId, passphrase: passphrase[profileId] })
  }
  /** The conversation holding a fake status, and that status's remote id. */
  const conversationOf = (statusId: string): number => {
    const row = ws.core.db.prepare('SELECT conversation_id AS id FROM messages WHERE remote_id = ?').get(statusId) as { id: number } | undefined
    if (!row) throw new Error(`status ${statusId} was not ingested`)
    return row.id
  }
  const uid = (ws.core.db.prepare('SELECT uid FROM channel_accounts WHERE id = ?').get(account.id) as { uid: string }).uid
  const repliesTo = (statusId: string) => fake.statusesPostedBy('brand').filter((s) => s.inReplyToId === statusId)
  return {
    ...ws,
    dir: t.dir,
    accountId: account.id,
    people,
    as,
    conversationOf,
    repliesTo,
    /** Reopens the same workspace (a restart), with the account's token in a fresh memory vault. */
    reopen: (config2: Partial<CoreConfig> = {}) => {
      const vault = new MemoryVault()
      vault.entries.set(secretAccount(uid, 'accessToken'), fake.token)
      return { uid, vault, open: () => openApprovalCore(t.dir, { clock: ws.clock, vault, config: { ...config, ...config2 } }) }
    },
    cleanup: async () => {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    },
  }
}
