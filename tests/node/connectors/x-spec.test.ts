import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { FAKE_X_CLIENT_ID, startXFake, X_CAST, type XFake } from '../../../src/main/features/connectors/x/fake-server'
import { checkValue, openApiDocument } from '../../support/spec-check'

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>
}
const spec = JSON.parse(readFileSync(new URL('../../fixtures/x/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, Record<string, unknown>> }
}
const doc = openApiDocument(spec)

/** The fake's operation names ("GET /2/users/:id/mentions") to the specification's path templates. */
function operationOf(name: string): Operation {
  const [method, path] = name.split(' ') as [string, string]
  const template = Object.keys(spec.paths).find((p) => p.replace(/\{[^}]+\}/g, ':id') === path)
  if (!template) throw new Error(`the specification has no path for ${name}`)
  const op = spec.paths[template]![method.toLowerCase()]
  if (!op) throw new Error(`the specification has no ${method} on ${template}`)
  return op
}

/**
 * Errors X sends outside the specification's Problem union: the generic ones (401, 403, 429) and the
 * access-level refusal, as developer.x.com documents them ("Response codes and errors").
 */
const genericError = z.object({ title: z.string(), detail: z.string(), type: z.literal('about:blank'), status: z.number().int() }).strict()
const clientForbidden = z
  .object({
    title: z.literal('Client Forbidden'),
    detail: z.string(),
    type: z.literal('https://api.x.com/2/problems/client-forbidden'),
    reason: z.string(),
    registration_url: z.string(),
    required_enrollment: z.string(),
  })
  .strict()

const open: XFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

async function call(f: XFake, method: string, path: string, body?: unknown, token = f.tokens.accessToken): Promise<Response> {
  return fetch(`${f.url}${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
}

async function exercise(f: XFake): Promise<void> {
  const me = f.state.brand.id
  const launch = f.state.postsBy(me)[0]!
  for (let i = 0; i < 12; i++) f.state.addPost({ author: X_CAST.ines, text: `@lumenbikes question ${i}`, replyTo: launch.id })
  await call(f, 'GET', '/2/users/me')
  const first = (await (await call(f, 'GET', `/2/users/${me}/mentions?max_results=5&tweet.fields=created_at,conversation_id`)).json()) as { meta: { next_token?: string; newest_id: string } }
  await call(f, 'GET', `/2/users/${me}/mentions?max_results=5&pagination_token=${first.meta.next_token}`)
  await call(f, 'GET', `/2/users/${me}/mentions?since_id=${first.meta.newest_id}`)
  await call(f, 'GET', `/2/users/${X_CAST.ines.id}/mentions`)
  await call(f, 'GET', `/2/users/${me}/tweets?max_results=5&exclude=replies,retweets`)
  await call(f, 'GET', `/2/tweets/search/recent?query=${encodeURIComponent(`conversation_id:${launch.id} -from:lumenbikes`)}&max_results=10`)
  await call(f, 'GET', '/2/tweets/search/recent?query=from:someone')
  await call(f, 'GET', '/2/dm_events?event_types=MessageCreate&max_results=1')
  await call(f, 'POST', '/2/tweets', { text: 'Yes, the S frame fits 150-165 cm.', reply: { in_reply_to_tweet_id: launch.id } })
  await call(f, 'POST', '/2/tweets', { text: 'Yes, the S frame fits 150-165 cm.', reply: { in_reply_to_tweet_id: launch.id } })
  await call(f, 'POST', '/2/tweets', { text: 'hello', reply: { in_reply_to_tweet_id: '999' } })
  await call(f, 'POST', '/2/tweets', { text: '' })
  await call(f, 'POST', `/2/dm_conversations/${f.state.conversationWith(X_CAST.ines)}/messages`, { text: 'Sure, which colour?' })
  await call(f, 'POST', '/2/dm_conversations/1-2/messages', { text: 'x' })
  const reply = f.state.newestFirst((p) => p.repliedTo === launch.id && p.author.id !== me)[0]!
  await call(f, 'PUT', `/2/tweets/${reply.id}/hidden`, { hidden: true })
  await call(f, 'PUT', `/2/tweets/${launch.id}/hidden`, { hidden: true })
  await call(f, 'PUT', '/2/tweets/4242424242/hidden', { hidden: true })
  await call(f, 'POST', `/2/users/${me}/muting`, { target_user_id: X_CAST.spammer.id })
  await call(f, 'POST', `/2/users/${me}/muting`, { target_user_id: 'nobody' })
  await call(f, 'POST', `/2/users/${X_CAST.spammer.id}/dm/block`)
  await call(f, 'GET', '/2/users/me', undefined, 'wrong')
  f.setSearch(false)
  await call(f, 'GET', `/2/tweets/search/recent?query=conversation_id:${launch.id}`)
  f.setRateLimit(1)
  await call(f, 'GET', '/2/users/me')
  // The OAuth client id is not a bearer token.
  expect(FAKE_X_CLIENT_ID).not.toBe(f.tokens.accessToken)
}

describe('the X fake answers as the OpenAPI description says', () => {
  it('every body matches its operation’s schema; errors match the Problem union or X’s documented generic shape', async () => {
    const f = await startXFake()
    open.push(f)
    await exercise(f)
    const problems: string[] = []
    const seen = new Set<string>()
    for (const a of f.answers) {
      seen.add(`${a.operation} ${a.status}`)
      if (a.status >= 400) {
        const type = (a.body as { type?: string }).type ?? ''
        if (type === 'about:blank') {
          const parsed = genericError.safeParse(a.body)
          if (!parsed.success) problems.push(`${a.operation} ${a.status}: ${parsed.error.message}`)
        } else if (type.endsWith('/client-forbidden')) {
          if (!clientForbidden.safeParse(a.body).success) problems.push(`${a.operation} ${a.status}: not X's client-forbidden shape`)
        } else problems.push(...checkValue(doc, { $ref: '#/components/schemas/Problem' }, a.body, `${a.operation} ${a.status}`))
        continue
      }
      const op = operationOf(a.operation)
      const response = op.responses[String(a.status)]
      if (!response) {
        problems.push(`${a.operation}: the specification has no ${a.status} answer`)
        continue
      }
      problems.push(...checkValue(doc, response.content!['application/json']!.schema, a.body, `${a.operation} ${a.status}`))
    }
    expect(problems).toEqual([])
    for (const op of [
      'GET /2/users/me 200',
      'GET /2/users/:id/mentions 200',
      'GET /2/users/:id/tweets 200',
      'GET /2/tweets/search/recent 200',
      'GET /2/dm_events 200',
      'POST /2/tweets 201',
      'POST /2/dm_conversations/:id/messages 201',
      'PUT /2/tweets/:id/hidden 200',
      'POST /2/users/:id/muting 200',
      'POST /2/users/:id/dm/block 200',
      'GET /2/users/me 429',
      'GET /2/users/me 401',
      'GET /2/tweets/search/recent 403',
      'POST /2/tweets 403',
      'PUT /2/tweets/:id/hidden 404',
    ]) {
      expect(seen, op).toContain(op)
    }
  })

  it('the checker catches a bad id, an unknown field and a missing required field', () => {
    const created = { $ref: '#/components/schemas/CreatePostsResponse' }
    expect(checkValue(doc, created, { data: { id: 'abc', text: 'x' } })[0]).toContain('does not match')
    expect(checkValue(doc, created, { data: { id: '1', text: 'x', author: 'y' } })[0]).toContain('"author" is not in the description')
    expect(checkValue(doc, created, { data: { id: '1' } })[0]).toContain('required field "text"')
  })
})
