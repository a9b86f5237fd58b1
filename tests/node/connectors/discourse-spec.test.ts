import { readFileSync } from 'node:fs'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../src/main/base/http'
import type { ConnectorContext } from '../../../src/main/model/connector'
import { discourseConnector as connector } from '../../../src/main/features/connectors/discourse'
import { startDiscourseFake, SUPPORT, type DiscourseFake } from '../../../src/main/features/connectors/discourse/fake-server'

/**
 * Every answer the fake forum gives is checked against Discourse's own OpenAPI description
 * (tests/fixtures/discourse/openapi.json, see SOURCE.md), and every request body the connector
 * sends against the description's request schema: a fake that drifts from Discourse fails here.
 */

interface Operation {
  requestBody?: { content?: Record<string, { schema?: unknown }> }
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>
}
const spec = JSON.parse(readFileSync(new URL('../../fixtures/discourse/openapi.json', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, Operation>> }
const example = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/discourse/responses/${name}`, import.meta.url), 'utf8'))

/**
 * The description's known errors (SOURCE.md): reply_to_post_number is an integer at Discourse, and
 * four fields the description types without null are null in Discourse's answers and in the
 * description's own examples (responses/topics/latest_topics_response.json).
 */
const NULLABLE = new Set(['image_url', 'bookmarked', 'liked', 'reviewable_id'])
function withErrata(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) => {
    if (key === 'reply_to_post_number' && value && typeof value === 'object') return { type: ['integer', 'string', 'null'] }
    if (NULLABLE.has(key) && value && typeof value === 'object' && 'type' in value) {
      const type = (value as { type: string | string[] }).type
      return { ...value, type: [...new Set([...(Array.isArray(type) ? type : [type]), 'null'])] }
    }
    return value
  }) as unknown
}

const ajv = new Ajv2020({ strict: false, allErrors: true })
const validators = new Map<string, ValidateFunction>()
function validator(kind: 'response' | 'request', method: string, route: string): ValidateFunction | null {
  const key = `${kind} ${method} ${route}`
  if (!validators.has(key)) {
    const op = spec.paths[route]?.[method]
    const schema = kind === 'response' ? op?.responses['200']?.content?.['application/json']?.schema : op?.requestBody?.content?.['application/json']?.schema
    if (!schema) return null
    validators.set(key, ajv.compile(withErrata(schema) as object))
  }
  return validators.get(key)!
}

/** Answers of endpoints the description leaves out (SOURCE.md); the connector's zod schemas check those. */
const UNDESCRIBED = new Set(['/session/current.json', '/review.json'])

const open: DiscourseFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

/** Drives the connector through every route it uses: connect, the three streams, reply, reconcile, each moderation. */
async function exercise(): Promise<DiscourseFake> {
  const f = await startDiscourseFake()
  open.push(f)
  const http = createHttpClient('Parley-test')
  await connector.connect({ url: f.url, apiKey: f.apiKey, username: 'lumen_team' }, http)
  const now = Date.now()
  const ctx = (settings: Record<string, unknown>): ConnectorContext => ({
    http,
    clock: { now: () => now },
    account: { id: 1, baseUrl: f.url, handle: '@lumen_team', settings: { userId: f.brand.id, username: 'lumen_team', staff: true, ...settings }, secrets: { apiKey: f.apiKey } },
    saveSecrets: async () => undefined,
    saveSettings: async () => undefined,
  })
  const options = { backfillSince: now - 14 * 86_400_000 }
  await connector.poll('notifications', null, ctx({}), options)
  await connector.poll('topics', null, ctx({}), options)
  await connector.poll('topics', null, ctx({ categories: [SUPPORT], tags: ['lights'] }), options)
  const parent = [...f.state.posts.values()].find((p) => p.raw.startsWith('Same here'))!
  const reply = { text: 'Yes, it is the cable; see the guide.', inReplyTo: String(parent.id), conversationKey: `topic:${parent.topicId}`, kind: 'comment' as const }
  await connector.send(reply, 'k', ctx({}))
  await connector.reconcile(reply, 'k', ctx({}))
  const spam = [...f.state.posts.values()].find((p) => p.userId === f.cast.spammer.id)!
  await connector.moderate({ kind: 'spam', remoteId: String(spam.id) }, ctx({}))
  await connector.moderate({ kind: 'block', authorRemoteId: String(f.cast.spammer.id) }, ctx({}))
  await connector.moderate({ kind: 'delete', remoteId: String(spam.id) }, ctx({}))
  await connector.moderate({ kind: 'close', remoteId: String(parent.id), conversationKey: `topic:${parent.topicId}` }, ctx({}))
  return f
}

describe('the fake Discourse against the OpenAPI description', () => {
  it('gives only answers the description allows, on every route the connector uses', async () => {
    const f = await exercise()
    const routes = new Set<string>()
    const failures: string[] = []
    for (const answer of f.answers) {
      routes.add(`${answer.method} ${answer.route}`)
      if (UNDESCRIBED.has(answer.route)) continue
      const validate = validator('response', answer.method, answer.route)
      if (!validate) {
        failures.push(`${answer.method} ${answer.route}: not in the description`)
        continue
      }
      if (!validate(answer.body)) failures.push(`${answer.method} ${answer.route}: ${ajv.errorsText(validate.errors)}`)
    }
    expect(failures).toEqual([])
    expect([...routes].sort()).toEqual(
      [
        'get /session/current.json',
        'get /review.json',
        'get /notifications.json',
        'get /latest.json',
        'get /c/{slug}/{id}.json',
        'get /tag/{name}.json',
        'get /topics/private-messages/{username}.json',
        'get /t/{id}/posts.json',
        'get /posts/{id}.json',
        'post /posts.json',
        'post /post_actions.json',
        'put /admin/users/{id}/silence.json',
        'put /t/{id}/status.json',
      ].sort(),
    )
  })

  it("sends only request bodies the description allows", async () => {
    const f = await exercise()
    const bodies = f.requests.filter((r) => r.method !== 'GET' && r.body)
    expect(bodies.length).toBeGreaterThanOrEqual(3)
    for (const r of bodies) {
      const route = r.path.replace(/\/\d+\//g, '/{id}/')
      const validate = validator('request', r.method.toLowerCase(), route)
      expect(validate, route).not.toBeNull()
      expect(validate!(JSON.parse(r.body)), `${route}: ${ajv.errorsText(validate!.errors)}`).toBe(true)
    }
  })

  it("reads Discourse's own examples with the connector's schemas", async () => {
    const { notificationsSchema, notificationSchema, postSchema, topicListSchema, topicSchema, parseEach } = await import('../../../src/main/features/connectors/discourse/schema')
    const notes = notificationsSchema.parse(example('notifications/get.json'))
    expect(parseEach(notificationSchema, notes.notifications)).toHaveLength(2)
    const latest = topicListSchema.parse(example('topics/latest_topics_response.json'))
    expect(parseEach(topicSchema, latest.topic_list.topics).length).toBe(latest.topic_list.topics.length)
    expect(postSchema.safeParse(example('posts/get_post_response.json')).success).toBe(true)
    // The examples are valid against the description too (so the checker itself is sound).
    expect(validator('response', 'get', '/notifications.json')!(example('notifications/get.json'))).toBe(true)
    // The errata's evidence: Discourse's own example sends null where the description says string or boolean.
    const first = latest.topic_list.topics[0] as Record<string, unknown>
    expect([first.image_url, first.bookmarked, first.liked]).toEqual([null, null, null])
  })
})
