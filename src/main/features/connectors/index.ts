import { blueskyConnector } from './bluesky'
import { discourseConnector } from './discourse'
import { emailConnector } from './email'
import { facebookConnector } from './facebook'
import { feedConnector } from './feed'
import { instagramConnector } from './instagram'
import { mastodonConnector } from './mastodon'
import { redditConnector } from './reddit'
import { matrixConnector } from './matrix'
import { slackConnector } from './slack'
import { telegramConnector } from './telegram'
import { xConnector } from './x'
import { youtubeConnector } from './youtube'
import type { Connector } from '../../model/connector'

/** Every platform this build can connect, one folder each. */
export const builtInConnectors: readonly Connector[] = [
  mastodonConnector,
  blueskyConnector,
  feedConnector,
  emailConnector,
  discourseConnector,
  slackConnector,
  facebookConnector,
  instagramConnector,
  youtubeConnector,
  xConnector,
  redditConnector,
  matrixConnector,
  telegramConnector,
]
