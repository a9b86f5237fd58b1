import type { ConnectorInfo, Platform } from '@shared/contract'

/** One input of the "Add account" form; the name is the key the core's connector expects. */
export interface ConnectField {
  name: string
  label: string
  type: 'text' | 'url' | 'password'
  required: boolean
  placeholder?: string
  /** Plain-words help shown under the field. */
  help?: string
  /** Shown under a "more options" disclosure (rarely needed). */
  advanced?: boolean
  autocomplete?: string
}

/** Sign-in through the browser, offered when the core's connector says so (authKind "oauth_pkce"). */
export interface OAuthSpec {
  /** The primary button. */
  label: string
  /** The fields the sign-in needs (shown above the button); the others belong to the credentials form. */
  fields: string[]
  /** Under the button: what will happen. */
  help: string
  /** Between the sign-in and the credentials form. */
  alternative: string
}

export interface ConnectSpec {
  /** One or two sentences above the fields: what connecting this platform brings in. */
  intro: string
  fields: ConnectField[]
  /** Numbered steps for getting the credential, shown next to the secret field. */
  steps?: string[]
  oauth?: OAuthSpec
}

/** What each platform asks for. Platforms the core offers but that have no form here are listed as not yet available. */
export const connectSpecs: Partial<Record<Platform, ConnectSpec>> = {
  mastodon: {
    intro: 'Brings in mentions, replies and direct messages of one Mastodon account.',
    fields: [
      {
        name: 'instance',
        label: 'Instance URL',
        type: 'url',
        required: true,
        placeholder: 'https://mastodon.social',
        help: 'The address of the server the account lives on.',
        autocomplete: 'url',
      },
      {
        name: 'token',
        label: 'Access token',
        type: 'password',
        required: true,
        help: 'Kept in your system’s secret store, never in Parley’s database.',
        autocomplete: 'off',
      },
    ],
    oauth: {
      label: 'Sign in with Mastodon',
      fields: ['instance'],
      help: 'Opens your instance in the browser. Approve Parley there, then come back here.',
      alternative: 'Or connect with an access token',
    },
    steps: [
      'On your Mastodon instance, open Preferences → Development.',
      'Choose “New application”, name it “Parley” and keep the read and write scopes ticked.',
      'Submit, open the application and copy “Your access token”.',
    ],
  },
  bluesky: {
    intro: 'Brings in mentions, replies and quotes of one Bluesky account, and its direct messages when allowed.',
    fields: [
      {
        name: 'handle',
        label: 'Handle',
        type: 'text',
        required: true,
        placeholder: 'yourbrand.bsky.social',
        help: 'The account’s handle, without the @.',
        autocomplete: 'username',
      },
      {
        name: 'appPassword',
        label: 'App password',
        type: 'password',
        required: true,
        placeholder: 'xxxx-xxxx-xxxx-xxxx',
        help: 'An app password, not the account’s main password. Kept in your system’s secret store.',
        autocomplete: 'off',
      },
      {
        name: 'service',
        label: 'Service',
        type: 'url',
        required: false,
        placeholder: 'https://bsky.social',
        help: 'Only for accounts on their own server (PDS). Leave empty for bsky.social.',
        advanced: true,
        autocomplete: 'url',
      },
    ],
    steps: [
      'In Bluesky, open Settings → Privacy and security → App passwords.',
      'Add an app password named “Parley”.',
      'Tick “Allow access to your direct messages” if Parley should include DMs.',
      'Copy the password shown (it is shown only once).',
    ],
  },
  feed: {
    intro: 'Follows an RSS or Atom feed — a blog, a forum or a news search. Feeds are read-only.',
    fields: [
      {
        name: 'url',
        label: 'Feed URL',
        type: 'url',
        required: true,
        placeholder: 'https://example.com/feed.xml',
        help: 'The address of the RSS or Atom feed.',
        autocomplete: 'url',
      },
      {
        name: 'keywords',
        label: 'Keywords',
        type: 'text',
        required: false,
        placeholder: 'yourbrand, your product',
        help: 'Optional, separated by commas: only items that mention one of them are added. Leave empty to add every item.',
        autocomplete: 'off',
      },
    ],
  },
  email: {
    intro: 'Brings in the mail of a support mailbox over IMAP and sends approved replies over SMTP. Each message thread is a conversation.',
    fields: [
      {
        name: 'imap',
        label: 'IMAP server',
        type: 'text',
        required: true,
        placeholder: 'imaps://mail.example.com:993',
        help: 'imaps:// uses TLS; imap:// requires STARTTLS.',
        autocomplete: 'off',
      },
      {
        name: 'smtp',
        label: 'SMTP server',
        type: 'text',
        required: true,
        placeholder: 'smtps://mail.example.com:465',
        help: 'smtps:// uses TLS; smtp:// (usually port 587) requires STARTTLS.',
        autocomplete: 'off',
      },
      { name: 'user', label: 'User name', type: 'text', required: true, placeholder: 'support@example.com', autocomplete: 'username' },
      {
        name: 'password',
        label: 'Password',
        type: 'password',
        required: true,
        help: 'Many providers need an app password for mail programs. Kept in your system’s secret store.',
        autocomplete: 'off',
      },
      {
        name: 'address',
        label: 'Reply address',
        type: 'text',
        required: false,
        placeholder: 'support@example.com',
        help: 'The address replies come from, when it is not the user name.',
        advanced: true,
        autocomplete: 'email',
      },
      {
        name: 'folders',
        label: 'Folders',
        type: 'text',
        required: false,
        placeholder: 'INBOX, Support',
        help: 'Separated by commas. Leave empty to read the inbox only.',
        advanced: true,
        autocomplete: 'off',
      },
    ],
  },
  // Facebook and Instagram: until the add form reads each connector's manifest, their fields are repeated here.
  facebook: {
    intro: "Brings in comments on your Page's posts, visitors' posts, posts that tag the Page, and Messenger conversations, through your own Meta app.",
    fields: [
      { name: 'appId', label: 'Meta app ID', type: 'text', required: true, placeholder: '1234567890123456', help: 'The number at the top of your app on developers.facebook.com.' },
      { name: 'page', label: 'Page', type: 'text', required: false, help: 'The Page name or id, when you manage more than one.' },
      {
        name: 'accessToken',
        label: 'User access token or login address',
        type: 'password',
        required: false,
        help: 'Only if the sign-in cannot come back to Parley: log in at the login_success page and paste the whole address it ends on.',
        autocomplete: 'off',
      },
      { name: 'appSecret', label: 'App secret', type: 'password', required: false, advanced: true, help: 'Optional: gives a token that lasts. Kept in your system’s secret store.', autocomplete: 'off' },
      { name: 'apiBase', label: 'Graph API address', type: 'url', required: false, advanced: true, placeholder: 'https://graph.facebook.com', help: 'Only for a compatible test server.' },
    ],
    oauth: {
      label: 'Sign in with Facebook',
      fields: ['appId', 'page', 'appSecret', 'apiBase'],
      help: 'Opens Facebook Login for your app in the browser. Pick the Page and allow the permissions, then come back here.',
      alternative: 'Or paste the address Facebook’s login_success page ends on',
    },
  },
  instagram: {
    intro: 'Brings in comments on your Instagram professional account, media that tags it, and direct messages. It must be linked to a Facebook Page you manage.',
    fields: [
      { name: 'appId', label: 'Meta app ID', type: 'text', required: true, placeholder: '1234567890123456', help: 'The number at the top of your app on developers.facebook.com.' },
      { name: 'page', label: 'Facebook Page', type: 'text', required: false, help: 'The Page the Instagram account is linked to, when you manage more than one.' },
      {
        name: 'accessToken',
        label: 'User access token or login address',
        type: 'password',
        required: false,
        help: 'Only if the sign-in cannot come back to Parley: paste the whole address the login_success page ends on.',
        autocomplete: 'off',
      },
      { name: 'appSecret', label: 'App secret', type: 'password', required: false, advanced: true, help: 'Optional: gives a token that lasts.', autocomplete: 'off' },
      { name: 'apiBase', label: 'Graph API address', type: 'url', required: false, advanced: true, placeholder: 'https://graph.facebook.com', help: 'Only for a compatible test server.' },
    ],
    oauth: {
      label: 'Sign in with Facebook',
      fields: ['appId', 'page', 'appSecret', 'apiBase'],
      help: 'Opens Facebook Login for your app in the browser. Pick the Page the account is linked to and allow the permissions.',
      alternative: 'Or paste the address Facebook’s login_success page ends on',
    },
  },
}

/** How the platform lets Parley in, in words. */
export const authKindLabels: Record<ConnectorInfo['authKind'], string> = {
  oauth_pkce: 'Sign in through your browser',
  token: 'Access token',
  app_password: 'App password',
  none: 'No sign-in needed',
}

/** The fields to send: trimmed, with empty optional ones left out (the core applies its defaults); only `only` when given. */
export function fieldsToSend(spec: ConnectSpec, values: Record<string, string>, only?: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const field of spec.fields) {
    if (only && !only.includes(field.name)) continue
    const value = (values[field.name] ?? '').trim()
    if (value || field.required) out[field.name] = value
  }
  return out
}

/** Required fields left empty, as { name: message }; only those named in `only` when given. */
export function missingFields(spec: ConnectSpec, values: Record<string, string>, only?: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const field of spec.fields) {
    if (only && !only.includes(field.name)) continue
    if (field.required && !(values[field.name] ?? '').trim()) out[field.name] = `Enter the ${field.label.toLowerCase()}.`
  }
  return out
}

/** Human names for sync streams; unknown ones are tidied up ("dm_threads" → "Dm threads"). */
const streamNames: Record<string, string> = {
  notifications: 'Mentions and replies',
  mentions: 'Mentions',
  replies: 'Replies',
  conversations: 'Direct messages',
  dms: 'Direct messages',
  chat: 'Direct messages',
  items: 'Feed items',
  feed: 'Feed items',
  posts: 'Posts',
  mail: 'Mail',
  timeline: 'Timeline',
}

export function streamLabel(stream: string): string {
  const known = streamNames[stream]
  if (known) return known
  const words = stream.replace(/[_\-.]+/g, ' ').trim()
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Stream'
}
