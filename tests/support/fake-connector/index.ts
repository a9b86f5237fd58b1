import { ParleyError } from '../../../src/shared/contract'
import { fromManifest, type Connector } from '../../../src/main/model/connector'
import { exampleForumManifest } from './manifest'

export { exampleForumManifest } from './manifest'

/**
 * A connector that talks to no server: connect() accepts any key but "wrong" and polls find nothing.
 * Enough to show that a new platform is one folder (this one) plus one line in a connector list.
 */
export const exampleForumConnector: Connector = {
  ...fromManifest(exampleForumManifest),
  streams: [{ name: 'topics', intervalMs: 5 * 60_000 }],
  async connect(input) {
    if (input.apiKey === 'wrong') throw new ParleyError('unauthorized', 'Example Forum refused the API key.')
    const url = new URL(String(input.forumUrl))
    return { seed: { platform: exampleForumManifest.id, displayName: 'Example Forum', handle: `@brand@${url.host}`, baseUrl: url.origin }, secrets: { apiKey: String(input.apiKey) }, settings: {} }
  },
  async poll() {
    return { items: [], nextCursor: null }
  },
  async send() {
    throw new ParleyError('bad_input', 'Example Forum replies are not part of this fake.')
  },
  async moderate() {
    throw new ParleyError('bad_input', 'Example Forum moderation is not part of this fake.')
  },
  classifyError: (error) => ({ kind: 'bad_request', message: error instanceof Error ? error.message : String(error) }),
  async reconcile() {
    return { state: 'unknown' }
  },
}
