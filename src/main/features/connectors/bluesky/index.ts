export { blueskyConnector } from './connector'
export { DM_ACCESS_MESSAGE } from './dm-access'
export { classifyBlueskyError } from './errors'
export { tidFromKey } from './tid'
