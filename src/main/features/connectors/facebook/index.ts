// The fake Graph API is test infrastructure: import it from '../meta/fake-server' directly, never through here.
export { facebookConnector } from './connector'
export { facebookManifest } from './manifest'
