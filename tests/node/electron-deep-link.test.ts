import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deepLinkFromArgv, parseDeepLink } from '../../src/main/hosts/electron/deep-link'

/** `parley://` links come from any web page or program on the machine: only two exact shapes pass. */
describe('parley:// deep links', () => {
  it('opens a conversation or a view', () => {
    expect(parseDeepLink('parley://conversation/42')).toEqual({ kind: 'conversation', conversationId: 42 })
    expect(parseDeepLink('parley://conversation/42/')).toEqual({ kind: 'conversation', conversationId: 42 })
    expect(parseDeepLink('Parley://conversation/7')).toEqual({ kind: 'conversation', conversationId: 7 })
    expect(parseDeepLink('parley://view/mine')).toEqual({ kind: 'view', view: 'mine' })
    expect(parseDeepLink('parley://view/needs_approval')).toEqual({ kind: 'view', view: 'needs_approval' })
    expect(parseDeepLink('parley://view/outbox')).toEqual({ kind: 'screen', screen: 'outbox' })
    expect(parseDeepLink('parley://conversation/9007199254740991')).toEqual({ kind: 'conversation', conversationId: 9007199254740991 })
  })

  const hostile = [
    '',
    'parley:',
    'parley://',
    'parley://conversation',
    'parley://conversation/',
    'parley://conversation/0',
    'parley://conversation/007',
    'parley://conversation/-1',
    'parley://conversation/1.5',
    'parley://conversation/1e3',
    'parley://conversation/0x10',
    'parley://conversation/ 1',
    'parley://conversation/1 ',
    'parley://conversation/１２',
    'parley://conversation/%31',
    'parley://conversation/9007199254740993',
    'parley://conversation/99999999999999999999',
    'parley://conversation/1/2',
    'parley://conversation/1//',
    'parley://conversation/1?open=1',
    'parley://conversation/1#x',
    'parley://conversation/1\n',
    'parley://conversation/1\u0000',
    'parley://conversation/1%00',
    'parley://conversation/../view/mine',
    'parley://conversation/./1',
    'parley://CONVERSATION/1',
    'parley://user:pw@conversation/1',
    'parley://conversation:80/1',
    'parley:///conversation/1',
    'parley:conversation/1',
    'parley:\\\\conversation\\1',
    ' parley://conversation/1',
    'parley://conversation\\1',
    'parley://conversation/1\\',
    'parley://view/',
    'parley://view/Mine',
    'parley://view/settings',
    'parley://view/__proto__',
    'parley://view/constructor',
    'parley://view/mine/1',
    'parley://view/mine?x',
    'parley://view/%6dine',
    'parley://view/javascript:alert(1)',
    'parley://view/<script>',
    'parley://view/../../etc/passwd',
    'parley://evil.example/conversation/1',
    'parley://conversations/1',
    'parley-app://app/index.html',
    'https://conversation/1',
    'javascript:alert(1)//parley://conversation/1',
    'file:///etc/passwd',
    `parley://conversation/1${'/'.repeat(200)}`,
    `parley://view/${'a'.repeat(5000)}`,
  ]
  it.each(hostile)('refuses %j', (link) => {
    expect(parseDeepLink(link)).toBeNull()
  })

  it('refuses what is not a string', () => {
    for (const value of [null, undefined, 42, {}, ['parley://conversation/1'], { toString: () => 'parley://conversation/1' }]) expect(parseDeepLink(value)).toBeNull()
  })

  it('returns only targets of the two shapes for any text at all (property-based)', () => {
    const prefixed = fc.oneof(fc.string(), fc.string().map((s) => `parley://${s}`), fc.string().map((s) => `parley://conversation/${s}`), fc.string().map((s) => `parley://view/${s}`))
    fc.assert(
      fc.property(prefixed, (link) => {
        const target = parseDeepLink(link)
        if (target === null) return
        const canonical = target.kind === 'conversation' ? `parley://conversation/${target.conversationId}` : `parley://view/${target.kind === 'view' ? target.view : target.screen}`
        expect([canonical, `${canonical}/`]).toContain(`parley:${link.slice(7)}`)
      }),
      { numRuns: 2000 },
    )
  })

  it('finds the link among launch arguments, whole arguments only', () => {
    expect(deepLinkFromArgv(['/opt/Parley/parley', '--no-sandbox', 'parley://view/mine'])).toEqual({ kind: 'view', view: 'mine' })
    expect(deepLinkFromArgv(['/opt/Parley/parley', '--url=parley://view/mine'])).toBeNull()
    expect(deepLinkFromArgv(['/opt/Parley/parley', 'parley://view/mine;rm -rf'])).toBeNull()
    expect(deepLinkFromArgv(['/opt/Parley/parley'])).toBeNull()
  })
})
