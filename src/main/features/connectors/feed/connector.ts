import { ParleyError } from '../../../../shared/contract'
import { fromManifest, type Connector } from '../../../model/connector'
import { feedManifest } from './manifest'
import { classifyFeedError } from './classify'
import { connectFeed } from './connect'
import { nextPollHint } from './cursor'
import { pollFeed } from './poll'

export const FEED_STREAM = 'feed'

const READ_ONLY = 'Feeds are read-only: open the page to respond.'

/**
 * RSS, Atom and RDF feeds watched for keywords. Nothing to sign in to and
 * nothing to answer through: the UI offers to open the entry's page instead.
 */
export const feedConnector: Connector = {
  ...fromManifest(feedManifest),
  streams: [{ name: FEED_STREAM, intervalMs: 15 * 60_000 }],
  connect: connectFeed,
  async poll(stream, cursor, ctx, options) {
    if (stream !== FEED_STREAM) throw new ParleyError('bad_input', `A feed has no "${stream}" stream.`)
    return pollFeed(ctx, cursor, options)
  },
  async send() {
    throw new ParleyError('bad_input', READ_ONLY)
  },
  async moderate() {
    throw new ParleyError('bad_input', READ_ONLY)
  },
  classifyError: (error, now) => classifyFeedError(error, now),
  minIntervalMs: nextPollHint,
  // Nothing is ever sent, so nothing can have gone out.
  reconcile: async () => ({ state: 'not_sent' }),
}
