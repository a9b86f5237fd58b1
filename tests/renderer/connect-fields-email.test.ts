import { describe, expect, it } from 'vitest'
import { fieldsToSend, missingFields, streamLabel } from '@renderer/lib/connect-fields'
import { manifests } from './connector-info'

describe('the e-mail add-account form', () => {
  const spec = manifests.email.connect

  it('offers the Google or Microsoft sign-in first, then the servers and password, with reply address, folders and sign-in server as advanced options', () => {
    expect(spec.fields.map((f) => [f.name, f.required, f.advanced ?? false])).toEqual([
      ['provider', false, false],
      ['user', true, false],
      ['clientId', false, false],
      ['clientSecret', false, false],
      ['imap', true, false],
      ['smtp', true, false],
      ['password', true, false],
      ['address', false, true],
      ['folders', false, true],
      ['authServer', false, true],
    ])
    expect(manifests.email.authKind).toBe('oauth_pkce')
    expect(spec.oauth?.fields).toEqual(['provider', 'user', 'clientId', 'clientSecret'])
    expect(spec.fields.find((f) => f.name === 'password')?.type).toBe('password')
    expect(streamLabel('mail')).toBe('Mail')
  })

  it('sends the connector\'s field names and leaves empty options to the core', () => {
    const values = { imap: ' imaps://mail.example.com:993 ', smtp: 'smtps://mail.example.com:465', user: 'support@example.com', password: 'app-pass', address: '', folders: 'INBOX, Support' }
    expect(fieldsToSend(spec, values)).toEqual({
      imap: 'imaps://mail.example.com:993',
      smtp: 'smtps://mail.example.com:465',
      user: 'support@example.com',
      password: 'app-pass',
      folders: 'INBOX, Support',
    })
    expect(missingFields(spec, { imap: 'imaps://x:993' })).toEqual({
      smtp: 'Enter the smtp server.',
      user: 'Enter the user name.',
      password: 'Enter the password.',
    })
  })
})
