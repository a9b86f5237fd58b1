// The fake Graph API is test infrastructure: import it from '../meta/fake-server' directly, never through here.
export { instagramConnector } from './connector'
export { instagramManifest } from './manifest'
