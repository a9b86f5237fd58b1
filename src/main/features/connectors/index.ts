import { blueskyConnector } from './bluesky'
import { emailConnector } from './email'
import { feedConnector } from './feed'
import { mastodonConnector } from './mastodon'
import { matrixConnector } from './matrix'
import { telegramConnector } from './telegram'
import type { Connector } from '../../model/connector'

/** Every platform this build can connect, one folder each. */
export const builtInConnectors: readonly Connector[] = [mastodonConnector, blueskyConnector, feedConnector, emailConnector, matrixConnector, telegramConnector]
