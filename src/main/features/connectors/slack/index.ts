// The fake server is test infrastructure: import it from './fake-server' directly, never through here.
export { slackConnector } from './connector'
export { slackManifest } from './manifest'
