// The fake server is test infrastructure: import it from './fake-server' directly, never through here.
export { xConnector } from './connector'
export { xManifest } from './manifest'
