// The fake Bot API is test infrastructure: import it from './fake-server' directly, never through here.
export { telegramConnector } from './connector'
export { telegramManifest } from './manifest'
