// The fake server is test infrastructure: import it from './fake-server' directly, never through here.
export { discourseConnector } from './connector'
export { discourseManifest } from './manifest'
