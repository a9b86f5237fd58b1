import type { MetricDefinition } from '../../../shared/contract/operations-reports'

/** The written definition of every metric; printed in each report's appendix and shown on the Reports screen. */
export type Definition = MetricDefinition

export const REPLY_GRACE_DAYS = 7

/**
 * The rules for the cases a metric could count more than one way. Each is applied by the reports read
 * model's queries (store/reports-read.ts) and has its own test (tests/node/reports/drill.test.ts).
 */
export const RULES = {
  internalNotes: {
    key: 'internalNotes',
    title: 'Internal notes',
    text: 'An internal note is never a reply: it is not counted in replies sent, it does not stop the first-response clock, and it does not take a conversation out of the backlog. Writing one counts as an action of its author.',
  },
  automaticReplies: {
    key: 'automaticReplies',
    title: 'Bot and automatic replies',
    text: 'A brand message the platform or its connector marks as automatic (an away message, an instant reply, a bot’s answer) is counted in replies sent, because it went out, but it never stops the first-response clock and never ends a wait in the backlog: only a person’s reply does. Rule actions (tags, assignments, status changes made by rules) are not replies at all and are not anyone’s action.',
  },
  reopened: {
    key: 'reopened',
    title: 'Reopened conversations',
    text: 'A conversation that gets a new message after it was answered or marked done is reopened: its first new message needing a reply starts a new wait, measured in the week that message arrives. Each conversation is measured once a week, from its first message needing a reply in that week; a second question after a reply in the same week is not measured again.',
  },
} as const

const replyRules = [RULES.internalNotes, RULES.automaticReplies, RULES.reopened]

export const definitions: readonly Definition[] = [
  {
    key: 'week',
    title: 'Week',
    text: 'An ISO week: Monday 00:00 to the next Monday 00:00 in the workspace’s time zone. Days follow local midnight, so a day with a daylight-saving change has 23 or 25 hours. The default is the last full week.',
  },
  {
    key: 'received',
    title: 'Items received',
    text: 'Messages from people (comments, mentions, direct messages, feed entries) whose time on the platform falls in the week, by channel, kind and local day. Context posts fetched only to show a thread are not counted.',
  },
  {
    key: 'repliesSent',
    title: 'Replies sent',
    text: 'Messages sent by the brand in the week, from Parley or directly on the platform. Internal notes and automatic rule actions are never counted as replies.',
    rules: [RULES.internalNotes, RULES.automaticReplies],
  },
  {
    key: 'responseRate',
    title: 'Response rate',
    text: `Of the conversations that received a message needing a reply in the week (feed entries and messages marked as not needing one are left out), the share that got a brand reply after their first such message, counting replies up to ${REPLY_GRACE_DAYS} days after the week’s end or up to the report’s time if that is sooner. A message needs a reply when it asks a question, makes a request, complains or reports a problem, addresses the brand, or is a direct message that does more than thank; praise, thanks and chatter do not, and a message in a language Parley does not rate counts as needing one.`,
    rules: replyRules,
  },
  {
    key: 'firstResponse',
    title: 'First response time (median, p90)',
    text: `For each conversation counted in the response rate: the time from its first message in the week to the next brand reply (same ${REPLY_GRACE_DAYS}-day cut-off). Median and 90th percentile use the nearest-rank method over answered conversations; unanswered ones are reported separately, not as zero or infinity. Rule actions never stop the clock.`,
    rules: replyRules,
  },
  {
    key: 'firstResponseBusiness',
    title: 'First response time in business hours',
    text: 'The same waits counting only time inside the workspace’s business hours (per weekday, local time). Shown only when business hours are set.',
    rules: replyRules,
  },
  {
    key: 'approvalWait',
    title: 'Approval wait',
    text: 'For replies submitted for approval in the week: the time from submission to the decision (approve, edit and approve, ask for changes, reject). Withdrawn requests are left out; undecided ones are counted as pending. “Sent back or rejected” is the share of decided requests that were sent back for changes or rejected.',
  },
  {
    key: 'profiles',
    title: 'Handled per profile',
    text: 'Per person: replies sent, other actions taken by hand (notes, status changes, assignments, tags, and approval decisions: approve, edit and approve, ask for changes, reject, credited to whoever decided) and the number of distinct conversations touched in the week. Actions taken by rules are left out.',
    rules: [RULES.internalNotes, RULES.automaticReplies],
  },
  {
    key: 'sentiment',
    title: 'Sentiment',
    text: 'Items received in the week by the sentiment Parley assigned (negative, neutral, positive; “not rated” when none), against the previous week in percentage points.',
  },
  {
    key: 'tags',
    title: 'Top tags and tracked topics',
    text: 'Tags: how many conversations with a message in the week carry each tag now. Topics: how many items received in the week matched each tracked topic.',
  },
  {
    key: 'backlog',
    title: 'Backlog at the week’s end',
    text: 'Conversations (not feed entries) waiting for a reply when the week ended: a message needing a reply arrived before the end and no brand reply followed it before the end. Conversations marked done with nothing newer than the week’s end are left out. Oldest waiting: the earliest unanswered message among them.',
    rules: replyRules,
  },
  {
    key: 'notable',
    title: 'Notable conversations',
    text: 'Most active: the conversations with the most messages (received and sent) in the week. Longest waiting: the backlog conversations that have waited longest at the week’s end.',
  },
  {
    key: 'change',
    title: 'Change',
    text: 'Each headline number is compared with the same number for the previous ISO week; rates and shares change in percentage points.',
  },
]
