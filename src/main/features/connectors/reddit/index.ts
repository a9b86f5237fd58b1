// The fake server is test infrastructure: import it from './fake-server' directly, never through here.
export { redditConnector } from './connector'
export { redditManifest } from './manifest'
