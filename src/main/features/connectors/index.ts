import { blueskyConnector } from './bluesky'
import { emailConnector } from './email'
import { facebookConnector } from './facebook'
import { feedConnector } from './feed'
import { instagramConnector } from './instagram'
import { mastodonConnector } from './mastodon'
import type { Connector } from '../../model/connector'

/** Every platform this build can connect, one folder each. */
export const builtInConnectors: readonly Connector[] = [mastodonConnector, blueskyConnector, feedConnector, emailConnector, facebookConnector, instagramConnector]
