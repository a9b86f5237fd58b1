import { feedConnector } from './feed'
import type { Connector } from './types'

/** Every platform this build can connect, one folder each. */
export const builtInConnectors: readonly Connector[] = [feedConnector]
