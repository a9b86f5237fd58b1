export { matrixConnector } from './connector'
export { matrixManifest } from './manifest'
