import { describe, expect, it } from 'vitest'
import { replyHash } from '../../../src/main/features/reply/hash'
import { CRASH_BATCH_SIZE, draftText } from '../../../src/main/hosts/cli/commands/dev-crash-worker'
import { startMastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import { Rng } from '../../../src/main/features/demo/prng'
import { mastodonApprovalWorkspace, PASSPHRASES } from '../../support/approval-workspace'
import { runCrashWorker, type WorkerRun } from '../../support/crash-worker'

/**
 * Kills a child process (SIGKILL) at random points of ingest, draft saving,
 * approval and sending, restarts the core, and checks that nothing is lost and
 * nothing is sent twice; after recovery every approved reply is on the platform
 * exactly once, and the database passes its full integrity check.
 * PARLEY_CRASH_ROUNDS (default 50, as in CI; 200 for the long run) and PARLEY_CRASH_SEED pick the rounds.
 */
const ROUNDS = Number(process.env.PARLEY_CRASH_ROUNDS ?? 50)
const SEED = Number(process.env.PARLEY_CRASH_SEED ?? 20_261_116)
/** Rounds side by side: each child spends most of its life starting Node, so two overlap well on two cores. */
const PARALLEL = Number(process.env.PARLEY_CRASH_PARALLEL ?? 2)
/** ready + ingest batches + per conversation (3 drafts, submitted, approved, sending, sent) + done. */
const CONVERSATIONS = 3
const INGEST_BATCHES = 3
const MARKERS = 1 + INGEST_BATCHES + CONVERSATIONS * 7 + 1

interface Printed {
  ingested: Set<number>
  drafts: Map<number, number>
  submitted: Map<number, string>
  approved: Map<number, { approvalId: string; itemId: string }>
}

function parse(run: WorkerRun): Printed {
  const printed: Printed = { ingested: new Set(), drafts: new Map(), submitted: new Map(), approved: new Map() }
  for (const line of run.lines) {
    const [kind, a, b, c] = line.split(' ')
    if (kind === 'ingested') printed.ingested.add(Number(a))
    if (kind === 'draft') printed.drafts.set(Number(a), Number(b))
    if (kind === 'submitted') printed.submitted.set(Number(a), b!)
    if (kind === 'approved') printed.approved.set(Number(a), { approvalId: b!, itemId: c! })
  }
  return printed
}

/** What a restart found, per round: how many replies were in flight ('sending') and what reconcile made of them. */
interface RoundResult {
  killed: boolean
  inFlight: number
  reconciledSent: number
  /** Ingest batches found whole after the restart, and batches the kill interrupted (found absent, never half). */
  batchesKept: number
  batchesRolledBack: number
  /** POST /api/v1/statuses requests that reached the fake, and the distinct idempotency keys among them. */
  deliveries: number
  keys: number
}

/** Where to kill: after this many markers, plus a delay so the kill can land inside the next step. */
interface KillPoint {
  killAt: number
  delayMs: number
}

async function round(n: number, { killAt, delayMs }: KillPoint): Promise<RoundResult> {
  const fake = await startMastodonFake()
  const ws = await mastodonApprovalWorkspace(fake)
  try {
    await ws.ok('policy.set', { rules: [], roleDefaults: { agent: 'always', supervisor: 'never', admin: 'never' }, undoWindowMs: 0 })
    const conversations = (ws.core.db.prepare("SELECT id FROM conversations WHERE kind <> 'feed' ORDER BY id LIMIT ?").all(CONVERSATIONS) as { id: number }[]).map((r) => r.id)
    expect(conversations).toHaveLength(CONVERSATIONS)
    const remoteIds = new Map(
      conversations.map((c) => [c, new Set((ws.core.db.prepare('SELECT remote_id AS r FROM messages WHERE conversation_id = ?').all(c) as { r: string }[]).map((m) => m.r))]),
    )
    const before = new Set(fake.statusesPostedBy('brand').map((s) => s.id))
    /** The brand's new posts answering something in this conversation. */
    const postsFor = (c: number) => fake.statusesPostedBy('brand').filter((s) => !before.has(s.id) && s.inReplyToId !== null && remoteIds.get(c)!.has(s.inReplyToId))
    await ws.client.close()

    const run = await runCrashWorker({
      args: [
        '--data-dir', ws.dir, '--agent', String(ws.people.alex), '--supervisor', String(ws.people.sam), '--conversations', conversations.join(','),
        '--ingest-account', String(ws.accountId), '--ingest-batches', String(INGEST_BATCHES),
      ],
      env: { PARLEY_CRASH_TOKEN: fake.token, PARLEY_CRASH_PASSPHRASE: PASSPHRASES.sam },
      onLine: (_line, index) => ({ kill: index >= killAt, delayMs }),
    })
    const context = `round ${n} (kill after marker ${killAt} + ${delayMs} ms): ${run.lines.join(' | ')} ${run.stderr}`
    if (run.signal !== 'SIGKILL') expect(run.code, context).toBe(0)
    const printed = parse(run)
    // The fake serves the child's last request before the restart asks it anything.
    await new Promise((resolve) => setTimeout(resolve, 20))

    ws.clock.time = Date.now() + 1_000
    const restarted = ws.reopen().open()
    try {
      const db = restarted.core.db
      const draftOf = (c: number) => db.prepare('SELECT body FROM drafts WHERE conversation_id = ? AND profile_id = ?').get(c, ws.people.alex) as { body: string } | undefined
      const sentItems = (c: number) => (db.prepare("SELECT count(*) AS n FROM outbox_items WHERE conversation_id = ? AND state = 'sent'").get(c) as { n: number }).n

      // Ingest is all or nothing per batch, and every printed batch is there whole.
      let batchesKept = 0
      let batchesRolledBack = 0
      for (let batch = 0; batch < INGEST_BATCHES; batch++) {
        const n = (db.prepare("SELECT count(*) AS n FROM messages WHERE remote_id LIKE ? ESCAPE '!'").get(`crash-${batch}-%`) as { n: number }).n
        expect([0, CRASH_BATCH_SIZE], `${context}: batch ${batch} is half there`).toContain(n)
        if (printed.ingested.has(batch)) expect(n, `${context}: printed batch ${batch} was lost`).toBe(CRASH_BATCH_SIZE)
        if (n) batchesKept++
        // The first batch without its marker: the kill landed in it (or just before it), and it left nothing.
        else if (run.signal === 'SIGKILL' && printed.ingested.size === batch && run.lines.includes('ready')) batchesRolledBack++
      }
      // Nothing lost: every printed step is in the database.
      for (const [c, version] of printed.drafts) {
        const draft = draftOf(c)
        // The printed version, or a later one whose save committed just before the kill.
        // (After submit the draft holds the submitted text: the mentions Mastodon needs, then the words.)
        if (draft) expect([1, 2, 3].filter((v) => v >= version).some((v) => draft.body === draftText(c, v) || withoutMentions(draft.body) === draftText(c, v)), context).toBe(true)
        else expect(sentItems(c), `${context}: the draft of ${c} may only be gone once its reply was sent`).toBe(1)
      }
      for (const [c, approvalId] of printed.submitted) {
        const a = db.prepare('SELECT status, body, body_hash, channel_account_id, in_reply_to FROM approvals WHERE id = ?').get(approvalId) as
          | { status: string; body: string; body_hash: string; channel_account_id: number; in_reply_to: string }
          | undefined
        expect(a, context).toBeDefined()
        expect(['pending', 'approved'], context).toContain(a!.status)
        expect(withoutMentions(a!.body)).toBe(draftText(c, 3))
        expect(a!.body_hash).toBe(replyHash(a!.body, { accountId: a!.channel_account_id, inReplyTo: a!.in_reply_to }))
      }
      for (const { approvalId, itemId } of printed.approved.values()) {
        expect((db.prepare('SELECT status, decided_by AS by FROM approvals WHERE id = ?').get(approvalId) as { status: string; by: number }), context).toEqual({ status: 'approved', by: ws.people.sam })
        const item = db.prepare('SELECT state, approval_id AS a FROM outbox_items WHERE id = ?').get(itemId) as { state: string; a: string }
        expect(item.a).toBe(approvalId)
        expect(['queued', 'sending', 'sent'], context).toContain(item.state)
      }
      // Nothing twice, even before recovery.
      for (const c of conversations) expect(postsFor(c).length, context).toBeLessThanOrEqual(1)

      // Recovery: reconcile what was in flight, then send what is due.
      const inFlight = (db.prepare("SELECT count(*) AS n FROM outbox_items WHERE state = 'sending'").get() as { n: number }).n
      const recovered = await restarted.core.outboxEngine.recover()
      await restarted.core.outboxEngine.runDue()

      const approved = db.prepare("SELECT id, conversation_id AS c, body FROM approvals WHERE status = 'approved'").all() as { id: string; c: number; body: string }[]
      for (const c of conversations) {
        const a = approved.find((x) => x.c === c)
        const posts = postsFor(c)
        if (!a) {
          expect(posts, `${context}: conversation ${c} had no approved reply`).toEqual([])
          continue
        }
        expect(posts, `${context}: conversation ${c}`).toHaveLength(1)
        // The posted words are the approved words, byte for byte.
        expect(posts[0]!.text).toBe(a.body)
        const items = db.prepare('SELECT state, remote_id AS r FROM outbox_items WHERE approval_id = ?').all(a.id) as { state: string; r: string | null }[]
        expect(items, context).toEqual([{ state: 'sent', r: posts[0]!.id }])
        expect(draftOf(c), context).toBeUndefined()
      }
      expect((db.prepare("SELECT count(*) AS n FROM outbox_items WHERE state IN ('sending','unconfirmed','failed')").get() as { n: number }).n, context).toBe(0)
      expect(await restarted.ok('audit.verify', {}), context).toMatchObject({ ok: true })
      // No duplicate sends: the fake saw each idempotency key create exactly one post, however often it was delivered.
      const deliveries = fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses')
      const keys = new Set(deliveries.map((r) => String(r.headers['idempotency-key'] ?? '')))
      expect(keys.has(''), `${context}: a send without an idempotency key`).toBe(false)
      const created = conversations.reduce((sum, c) => sum + postsFor(c).length, 0)
      expect(created, context).toBe(keys.size)
      // A kill leaves the database whole: page structure, indexes and the search index.
      expect(await restarted.ok('system.integrityCheck', {}), context).toMatchObject({ ok: true, problems: [] })
      return {
        killed: run.signal === 'SIGKILL',
        inFlight,
        reconciledSent: recovered.filter((r) => r.outcome === 'sent').length,
        batchesKept,
        batchesRolledBack,
        deliveries: deliveries.length,
        keys: keys.size,
      }
    } finally {
      await restarted.client.close()
    }
  } finally {
    await ws.cleanup()
    await fake.close()
  }
}

describe('crash safety of drafts, approvals and the outbox', () => {
  it(
    `survives SIGKILL at random points (${ROUNDS} rounds, seed ${SEED}): nothing lost, nothing sent twice`,
    async () => {
      // Drawn up front, so a seed names the same kill points whatever the parallelism.
      const rng = new Rng(SEED)
      const plan: KillPoint[] = Array.from({ length: ROUNDS }, () => ({ killAt: rng.range(1, MARKERS), delayMs: rng.chance(0.4) ? 0 : rng.range(1, 15) }))
      const results: RoundResult[] = []
      let next = 0
      const lane = async (): Promise<void> => {
        for (let n = next++; n < ROUNDS; n = next++) results.push(await round(n + 1, plan[n]!))
      }
      await Promise.all(Array.from({ length: Math.max(1, PARALLEL) }, lane))
      const killed = results.filter((r) => r.killed).length
      const inFlight = results.filter((r) => r.inFlight > 0).length
      const found = results.reduce((sum, r) => sum + r.reconciledSent, 0)
      const sum = (f: (r: RoundResult) => number) => results.reduce((total, r) => total + f(r), 0)
      console.info(
        `crash test: ${ROUNDS} rounds, ${killed} killed, ${inFlight} with a reply in flight, ${found} found sent by reconcile; ` +
          `ingest batches ${sum((r) => r.batchesKept)} kept whole, ${sum((r) => r.batchesRolledBack)} rolled back, 0 partial; ` +
          `${sum((r) => r.deliveries)} deliveries for ${sum((r) => r.keys)} idempotency keys, ${sum((r) => r.keys)} posts, 0 duplicates`,
      )
      // Most rounds must really crash, or the test proves little.
      expect(killed).toBeGreaterThan(ROUNDS * 0.6)
    },
    Math.max(60_000, ROUNDS * 5_000),
  )
})

/** The words after the leading mentions the core put in front for Mastodon. */
function withoutMentions(text: string): string {
  return text.replace(/^(@\S+ )+/, '')
}
