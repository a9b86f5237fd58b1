// The fake server is test infrastructure: import it from './fake-server' directly, never through here.
export { youtubeConnector } from './connector'
export { youtubeManifest } from './manifest'
