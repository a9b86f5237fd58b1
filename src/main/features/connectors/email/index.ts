export { emailConnector, MAIL_STREAM } from './connector'
