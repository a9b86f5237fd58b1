import { describe, expect, it } from 'vitest'
import { replyHeaders } from '../../../src/main/features/connectors/email/send'
import { parseFolders, parseServer } from '../../../src/main/features/connectors/email/settings'
import { conversationKeyOf, messageIdList, normaliseSubject, replyMessageId, type ThreadMemory } from '../../../src/main/features/connectors/email/threads'

describe('e-mail server addresses', () => {
  it('reads TLS from imaps/smtps, demands STARTTLS elsewhere, and allows no encryption only on this machine', () => {
    expect(parseServer('imaps://mail.example.com', 'imap')).toEqual({ host: 'mail.example.com', port: 993, security: 'tls' })
    expect(parseServer('imap://mail.example.com', 'imap')).toEqual({ host: 'mail.example.com', port: 143, security: 'starttls' })
    expect(parseServer('imap://127.0.0.2:1143', 'imap')).toMatchObject({ security: 'starttls' })
    expect(parseServer('imap://127.0.0.1:1143', 'imap')).toEqual({ host: '127.0.0.1', port: 1143, security: 'none' })
    // A name is only as local as the resolver says: encryption is demanded for it.
    expect(parseServer('imap://localhost:1143', 'imap')).toMatchObject({ security: 'starttls' })
    expect(parseServer('smtp://127.0.0.1.example.com:25', 'smtp')).toMatchObject({ security: 'starttls' })
    expect(parseServer('smtp://mail.example.com', 'smtp')).toEqual({ host: 'mail.example.com', port: 587, security: 'starttls' })
    expect(parseServer('mail.example.com', 'smtp')).toMatchObject({ port: 465, security: 'tls' })
    expect(() => parseServer('http://mail.example.com', 'imap')).toThrow('The IMAP server must start with imap:// or imaps://, like imaps://mail.example.com:993.')
    expect(() => parseServer('', 'smtp')).toThrow(/Enter the SMTP server/)
    expect(parseFolders(' INBOX, Support ,INBOX,')).toEqual(['INBOX', 'Support'])
    expect(parseFolders(undefined)).toEqual(['INBOX'])
  })
})

describe('e-mail threads', () => {
  const memory = (): ThreadMemory => ({ byMessageId: {}, bySubject: {} })
  const mail = (messageId: string, over: Partial<Parameters<typeof conversationKeyOf>[0]> = {}) => ({
    messageId,
    inReplyTo: null,
    references: [],
    subject: 'Broken pedal',
    counterpart: 'hana@customer.test',
    ...over,
  })

  it('follows References and In-Reply-To, then the subject and customer, else starts a thread', () => {
    const m = memory()
    expect(conversationKeyOf(mail('a@x'), m)).toBe('a@x')
    expect(conversationKeyOf(mail('b@x', { inReplyTo: 'a@x', references: ['a@x'], subject: 'Re: Broken pedal' }), m)).toBe('a@x')
    // Headers dropped by the mail program: the subject and customer find the thread.
    expect(conversationKeyOf(mail('c@x', { subject: 'AW: Re:  broken   PEDAL' }), m)).toBe('a@x')
    // The same subject from someone else, or without "Re:", is a new conversation.
    expect(conversationKeyOf(mail('d@x', { subject: 'Re: Broken pedal', counterpart: 'other@customer.test' }), m)).toBe('d@x')
    expect(conversationKeyOf(mail('e@x'), m)).toBe('e@x')
    // A reply naming a message Parley threaded under another root follows that root.
    expect(conversationKeyOf(mail('f@x', { inReplyTo: 'c@x', references: ['zz@x', 'c@x'] }), m)).toBe('a@x')
  })

  it('normalises ids and subjects', () => {
    expect(messageIdList('<A@X>  <b@y>\r\n <c@z>')).toEqual(['a@x', 'b@y', 'c@z'])
    expect(normaliseSubject('Re: Fwd: RE[2]:  Hello   World ')).toBe('hello world')
    expect(replyMessageId('key-1', 'support@brand.test')).toBe(replyMessageId('key-1', 'support@brand.test'))
    expect(replyMessageId('key-1', 'support@brand.test')).not.toBe(replyMessageId('key-2', 'support@brand.test'))
    expect(replyMessageId('key-1', 'support@brand.test')).toMatch(/^[0-9a-f]{32}\.parley@brand\.test$/)
  })

  it('derives the reply headers from the message answered, keeping the root and the newest references', () => {
    const refs = Array.from({ length: 30 }, (_, i) => `r${i}@x`)
    const headers = replyHeaders({ messageId: 'last@x', references: refs, subject: 'Broken pedal', replyTo: 'hana@customer.test' })
    expect(headers.subject).toBe('Re: Broken pedal')
    expect(headers.inReplyTo).toBe('<last@x>')
    const kept = headers.references.split(' ')
    expect(kept).toHaveLength(20)
    expect(kept[0]).toBe('<r0@x>')
    expect(kept.at(-1)).toBe('<last@x>')
    expect(replyHeaders({ messageId: 'm@x', references: [], subject: 'RE: Broken pedal', replyTo: 'h@x' }).subject).toBe('RE: Broken pedal')
  })
})
