export { feedConnector, FEED_STREAM } from './connector'
export { nextPollHint } from './cursor'
export { parseKeywords } from './keywords'
export { feedManifest } from './manifest'
