import type { ConnectorManifest } from '../../../../shared/contract/manifest'

/** Everything the app, the CLI and the reports know about a support mailbox, as data. */
export const emailManifest: ConnectorManifest = {
  id: 'email',
  label: 'E-mail',
  source: 'the mail server',
  openLabel: 'Open in mail',
  colour: '#64748b',
  // An envelope.
  icon: 'M3 6.5A1.5 1.5 0 0 1 4.5 5h15A1.5 1.5 0 0 1 21 6.5v11a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5v-11Z m.5-.5 8.5 7 8.5-7',
  authKind: 'app_password',
  // Spam moves the mail to the Junk folder, delete to Trash, move to a folder picked; flag sets \Flagged.
  // Mail has no hiding, blocking or muting.
  capabilities: ['dms', 'reply', 'reply_dm', 'spam', 'delete', 'flag', 'move'],
  moderation: ['spam', 'delete', 'flag', 'move'],
  connect: {
    intro: 'Brings in the mail of a support mailbox over IMAP and sends approved replies over SMTP. Each message thread is a conversation.',
    fields: [
      {
        name: 'imap',
        label: 'IMAP server',
        type: 'text',
        secret: false,
        required: true,
        cliFlag: 'imap',
        placeholder: 'imaps://mail.example.com:993',
        help: 'imaps:// uses TLS; imap:// requires STARTTLS.',
        autocomplete: 'off',
      },
      {
        name: 'smtp',
        label: 'SMTP server',
        type: 'text',
        secret: false,
        required: true,
        cliFlag: 'smtp',
        placeholder: 'smtps://mail.example.com:465',
        help: 'smtps:// uses TLS; smtp:// (usually port 587) requires STARTTLS.',
        autocomplete: 'off',
      },
      { name: 'user', label: 'User name', type: 'text', secret: false, required: true, cliFlag: 'user', placeholder: 'support@example.com', autocomplete: 'username' },
      {
        name: 'password',
        label: 'Password',
        type: 'password',
        secret: true,
        required: true,
        cliFlag: 'password',
        cliLabel: 'mailbox password',
        help: 'Many providers need an app password for mail programs. Kept in your system’s secret store.',
        autocomplete: 'off',
      },
      {
        name: 'address',
        label: 'Reply address',
        type: 'text',
        secret: false,
        required: false,
        cliFlag: 'address',
        placeholder: 'support@example.com',
        help: 'The address replies come from, when it is not the user name.',
        advanced: true,
        autocomplete: 'email',
      },
      {
        name: 'folders',
        label: 'Folders',
        type: 'text',
        secret: false,
        required: false,
        cliFlag: 'folders',
        placeholder: 'INBOX, Support',
        help: 'Separated by commas. Leave empty to read the inbox only.',
        advanced: true,
        autocomplete: 'off',
      },
    ],
    storedSecret: 'password',
    cliExample:
      'parley accounts add email --imap imaps://mail.example.com:993 --smtp smtps://mail.example.com:465 --user support@example.com --password-file -',
  },
  streams: [{ name: 'mail', label: 'Mail' }],
  rateLimits:
    'Mail servers publish no request limits but may refuse many logins in a row. Parley checks the mailbox once a minute ' +
    'over one IMAP connection and sends replies one at a time.',
}
