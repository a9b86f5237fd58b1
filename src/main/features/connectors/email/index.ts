export { emailConnector, MAIL_STREAM } from './connector'
export { emailManifest } from './manifest'
