// The fake server is test infrastructure: import it from './fake-server' directly, never through here.
export { mastodonConnector } from './connector'
export { statusToItem, statusText, handleOf, type MappingContext } from './mapping'
export { mastodonManifest } from './manifest'
