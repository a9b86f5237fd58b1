/** The parts of the connector that need @atproto/api; connector.ts loads this module on first use. */
export { pollChat } from './chat'
export { moderate } from './moderation'
export { pollNotifications } from './notifications'
export { reconcileReply, sendReply } from './send'
