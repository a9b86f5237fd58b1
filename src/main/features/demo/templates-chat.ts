/** Community chat (Slack, Telegram, Matrix): how people start a thread in a group. */
import { tpls, type Tpl } from './compose'

export const CHAT_OPENERS: Tpl[] = tpls(['hey all,', 'morning folks!', 'quick one:', 'anyone here know this?', 'hi everyone,', 'sorry if this was asked before,'])
