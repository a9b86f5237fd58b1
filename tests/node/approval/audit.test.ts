import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { canonicalJson, chainHash, GENESIS_HASH, verifyChain } from '../../../src/main/model/audit-chain'
import type { AuditEvent } from '../../../src/shared/contract'
import { openApprovalCore } from '../../support/approval-workspace'
import { tempDir } from '../../support/workspace'

describe('audit trail', () => {
  let t: ReturnType<typeof tempDir>
  let ws: ReturnType<typeof openApprovalCore>

  beforeEach(() => {
    t = tempDir('parley-audit-')
    ws = openApprovalCore(t.dir)
    const me = ws.core.profiles.current().id
    for (let i = 1; i <= 5; i++) {
      ws.core.audit.append({ at: 1_000 + i, profileId: me, conversationId: i % 2 ? 1 : 2, kind: 'drafted', payload: { sessionId: `s${i}`, n: i } })
    }
  })
  afterEach(async () => {
    await ws.client.close()
    t.cleanup()
  })

  /** A raw connection without the append-only triggers: what an attacker with the file could do. */
  const tamper = (sql: string): void => {
    ws.core.db.close()
    const raw = new Database(join(t.dir, 'parley.db'))
    raw.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;')
    raw.exec(sql)
    raw.close()
    ws = openApprovalCore(t.dir)
  }

  it('chains each event to the one before and verifies', async () => {
    const events = (await ws.ok('audit.list', { conversationId: 1 })) as AuditEvent[]
    expect(events.map((e) => e.id)).toEqual([1, 3, 5])
    const all = ws.core.db.prepare('SELECT id, prev_hash, hash FROM audit_events ORDER BY id').all() as { id: number; prev_hash: string; hash: string }[]
    expect(all[0]!.prev_hash).toBe(GENESIS_HASH)
    for (let i = 1; i < all.length; i++) expect(all[i]!.prev_hash).toBe(all[i - 1]!.hash)
    expect(await ws.ok('audit.verify', {})).toEqual({ ok: true, checked: 5, firstBroken: null })
  })

  it('refuses UPDATE and DELETE through the app\'s connection', () => {
    expect(() => ws.core.db.prepare("UPDATE audit_events SET kind = 'sent' WHERE id = 2").run()).toThrow(/append-only/)
    expect(() => ws.core.db.prepare('DELETE FROM audit_events WHERE id = 2').run()).toThrow(/append-only/)
  })

  it('detects a tampered row and names the first broken one', async () => {
    tamper(`UPDATE audit_events SET payload = '{"sessionId":"s3","n":333}' WHERE id = 3`)
    expect(await ws.ok('audit.verify', {})).toEqual({ ok: false, checked: 3, firstBroken: { id: 3, reason: expect.stringMatching(/do not match its hash/) } })
  })

  it('detects a tampered row even when its hash was recomputed (the next link breaks)', async () => {
    const row = ws.core.db.prepare('SELECT * FROM audit_events WHERE id = 2').get() as { at: number; profile_id: number; conversation_id: number; prev_hash: string }
    const payload = { sessionId: 's2', n: 222 }
    const hash = chainHash(row.prev_hash, { id: 2, at: row.at, profileId: row.profile_id, conversationId: row.conversation_id, kind: 'drafted', payload })
    tamper(`UPDATE audit_events SET payload = '${JSON.stringify(payload)}', hash = '${hash}' WHERE id = 2`)
    expect((await ws.ok('audit.verify', {})).firstBroken).toEqual({ id: 3, reason: expect.stringMatching(/does not follow/) })
  })

  it('detects a deleted row and unreadable payloads', async () => {
    tamper('DELETE FROM audit_events WHERE id = 4')
    expect((await ws.ok('audit.verify', {})).firstBroken?.id).toBe(5)
    tamper(`UPDATE audit_events SET payload = '{broken' WHERE id = 1`)
    expect((await ws.ok('audit.verify', {})).firstBroken?.id).toBe(1)
  })

  it('exports JSON lines that verify on their own', async () => {
    const exported = await ws.ok('audit.export', {})
    expect(exported.count).toBe(5)
    const lines = exported.lines.trimEnd().split('\n').map((l) => JSON.parse(l) as AuditEvent)
    expect(lines).toHaveLength(5)
    expect(verifyChain(lines)).toEqual({ checked: 5, firstBroken: null })
    lines[1]!.payload = { n: 0 }
    expect(verifyChain(lines).firstBroken?.id).toBe(2)
    expect((await ws.ok('audit.export', { conversationId: 2 })).count).toBe(2)
  })

  it('hashes canonical JSON: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}')
    const e = { id: 1, at: 1, profileId: 1, conversationId: null, kind: 'sent', payload: { a: 1, b: 2 } }
    expect(chainHash(GENESIS_HASH, e)).toBe(chainHash(GENESIS_HASH, { ...e, payload: { b: 2, a: 1 } }))
    expect(chainHash(GENESIS_HASH, e)).not.toBe(chainHash(GENESIS_HASH, { ...e, payload: { a: 1, b: 3 } }))
  })
})
