import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request as httpsRequest } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../../../src/main/features/team/audit-chain'
import { TeamClient, teamSignup } from '../../../src/main/features/team/client'
import { deriveMemberKey } from '../../../src/main/features/team/credentials'
import { TeamService } from '../../../src/main/features/team/service'
import { checkTeamBind, startTeamServer, type RunningTeamServer } from '../../../src/main/hosts/team/http'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { op } from '../../support/team-store'

/** The sync service over real HTTP on loopback: sign-up, credentials, refusals, the audit chain. */
describe.skipIf(postgresMissing() !== null)('the team sync service over HTTP', () => {
  let cluster: PostgresCluster
  let url: string
  let service: TeamService
  let server: RunningTeamServer
  let admin: TeamClient
  let adminId: string

  beforeAll(async () => {
    cluster = await startPostgres()
    url = await cluster.createDatabase('team_http')
    service = await TeamService.open(url)
    server = await startTeamServer({ service, host: '127.0.0.1', port: 0, allowRemote: false, log: () => undefined })
    adminId = randomUUID()
    const key = await deriveMemberKey('admin passphrase', adminId)
    await teamSignup.createTeam(server.url, { name: 'Brand', memberId: adminId, memberName: 'Ada', profile: 'ada', key })
    admin = new TeamClient(server.url, adminId, key)
  })
  afterAll(async () => {
    await server?.close()
    await service?.close()
    await cluster?.stop()
  })

  it('stores only hashes of member keys and join codes', async () => {
    const code = await admin.invite('agent', 'Dan')
    const pg = (service as unknown as { pool: import('pg').Pool }).pool
    const { rows } = await pg.query("SELECT encode(key_hash, 'hex') AS h FROM team_members")
    const dump = JSON.stringify((await pg.query('SELECT * FROM team_members')).rows) + JSON.stringify((await pg.query('SELECT * FROM team_invites')).rows)
    const key = (await deriveMemberKey('admin passphrase', adminId)).toString('base64url')
    expect(rows).toHaveLength(1)
    expect(dump).not.toContain(key)
    expect(dump).not.toContain(code.replace(/-/g, ''))
    expect(dump).not.toContain('admin passphrase')
  })

  it('a wrong key, an unknown member or no credential is refused in plain words', async () => {
    const wrong = new TeamClient(server.url, adminId, await deriveMemberKey('not the passphrase', adminId))
    await expect(wrong.members()).rejects.toThrow(/not signed in to the team/)
    const res = await fetch(`${server.url}/v1/members`)
    expect(res.status).toBe(401)
  })

  it('an agent may not invite; a joined agent pushes and pulls', async () => {
    const code = await admin.invite('agent', 'Dan')
    const danId = randomUUID()
    const danKey = await deriveMemberKey('dan passphrase', danId)
    const joined = await teamSignup.join(server.url, { code: code.toUpperCase(), memberId: danId, profile: 'dan', key: danKey })
    expect(joined.member).toMatchObject({ name: 'Dan', role: 'agent' })
    const dan = new TeamClient(server.url, danId, danKey)
    await expect(dan.invite('admin', 'Eve')).rejects.toThrow('Only an admin of the team may invite members.')
    const me = await dan.me()
    const [r] = await dan.push([op(me, 'tags.create', { name: 'vip' })])
    expect(r).toMatchObject({ outcome: 'applied', duplicate: false })
    const pulled = await admin.pull(0, 10)
    expect(pulled.ops.map((o) => o.operation)).toEqual(['tags.create'])
    expect(pulled.lastSeq).toBe(r!.seq)
  })

  it('bad input is refused with the field named, and nothing is applied', async () => {
    const res = await fetch(`${server.url}/v1/ops`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminId}.${(await deriveMemberKey('admin passphrase', adminId)).toString('base64url')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ops: [{ id: 'nope', hlc: 'x', profile: 'ada', operation: 'tags.create', input: {} }] }),
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^ops\.0\.id: /)
    expect((await admin.pull(0, 10)).ops).toHaveLength(1)
  })

  it('every laptop can verify the audit chain, and a changed entry is found', async () => {
    const chain = await (await fetch(`${server.url}/v1/audit`, { headers: { Authorization: `Bearer ${adminId}.${(await deriveMemberKey('admin passphrase', adminId)).toString('base64url')}` } })).json() as { value: { entries: Parameters<typeof verifyAuditChain>[0] } }
    const entries = chain.value.entries
    expect(entries.map((e) => e.action)).toEqual(['team.created', 'member.invited', 'member.invited', 'member.joined'])
    expect(verifyAuditChain(entries)).toEqual({ ok: true })
    const tampered = entries.map((e) => (e.seq === 2 ? { ...e, detail: { role: 'admin', name: 'Dan' } } : e))
    expect(verifyAuditChain(tampered)).toMatchObject({ ok: false, seq: 2 })
  })

  it('refuses a non-loopback address without TLS or --allow-remote', async () => {
    await expect(startTeamServer({ service, host: '0.0.0.0', port: 0, allowRemote: false })).rejects.toThrow(/without TLS/)
    expect(() => checkTeamBind('192.0.2.10', false, true)).not.toThrow()
    expect(() => checkTeamBind('192.0.2.10', true, false)).not.toThrow()
  })

  it('serves HTTPS with the given certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-team-tls-'))
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' })
      const cert = readFileSync(join(dir, 'cert.pem'))
      const tls = await startTeamServer({ service, host: '127.0.0.1', port: 0, allowRemote: false, tls: { cert, key: readFileSync(join(dir, 'key.pem')) } })
      try {
        expect(tls.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
        const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = httpsRequest(`${tls.url}/v1/members`, { ca: cert }, (res) => {
            let body = ''
            res.on('data', (d: Buffer) => (body += d.toString()))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
          })
          req.on('error', reject)
          req.end()
        })
        expect(answer.status).toBe(401)
        expect(answer.body).toMatch(/not signed in to the team/)
      } finally {
        await tls.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the op log keeps each pushed input as the request wrote it, matched to its op when some are retries', async () => {
    const token = `Bearer ${adminId}.${(await deriveMemberKey('admin passphrase', adminId)).toString('base64url')}`
    const me = await admin.me()
    const retried = op(me, 'tags.create', { name: 'retried' })
    await admin.push([retried])
    const [a, b, c] = [op(me, 'preferences.set', {}), op(me, 'tags.create', {}), op(me, 'notes.add', { noteId: randomUUID(), conversationId: randomUUID(), body: 'Called back' })]
    const entry = (o: typeof a, input: string) => `{"id":"${o.id}","hlc":"${o.hlc}","profile":"ada","operation":"${o.operation}","input":${input}}`
    // Written out again by JSON.stringify, the big number would come back as 12345678901234568000000.
    const aInput = '{"big": 12345678901234567890123, "nested": {"list": [1, {"é": "ü"}]}}'
    const send = async (body: string) =>
      (await (await fetch(`${server.url}/v1/ops`, { method: 'POST', headers: { Authorization: token, 'Content-Type': 'application/json' }, body })).json()) as { value: { results: { id: string; outcome: string; duplicate: boolean }[] } }
    const answer = await send(`{"ops": [${entry(retried, '{"name": "retried"}')}, ${entry(a, aInput)}, ${entry(b, 'null')}, ${entry(a, '{"other": 1}')}, ${entry(c, JSON.stringify(c.input))}]}`)
    expect(answer.value.results.map((r) => [r.id, r.outcome, r.duplicate])).toEqual([
      [retried.id, 'applied', true], [a.id, 'applied', false], [b.id, 'applied', false], [a.id, 'applied', true], [c.id, 'applied', false],
    ])
    const pg = (service as unknown as { pool: import('pg').Pool }).pool
    const stored = async (ids: string[]) => Object.fromEntries((await pg.query('SELECT id, input::text AS input FROM team_ops WHERE id = ANY($1::uuid[])', [ids])).rows.map((r) => [r.id, r.input]))
    const inputs = await stored([a.id, b.id, c.id])
    expect(inputs[a.id]).toBe('{"big": 12345678901234567890123, "nested": {"list": [1, {"é": "ü"}]}}')
    expect(inputs[b.id]).toBe('null')
    expect(JSON.parse(inputs[c.id])).toEqual(c.input)
    // A character jsonb refuses, in a field the service ignores, does not fail the push.
    const d = op(me, 'tags.create', { name: 'plain' })
    const refused = await send(`{"ops": [${entry(d, '{"name": "plain"}').replace(/}$/, ',"ignored":"\\u0000"}')}]}`)
    expect(refused.value.results[0]).toMatchObject({ id: d.id, outcome: 'applied' })
    expect(await stored([d.id])).toEqual({ [d.id]: '{"name": "plain"}' })
  })
})
