// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import SafeHtml from '@renderer/components/SafeHtml.vue'

const render = (html: string) => mount(SafeHtml, { props: { html } })

describe('SafeHtml', () => {
  it('strips script tags and their content', () => {
    const w = render('<p>Hello</p><script>window.pwned = true</script>')
    expect(w.html()).not.toContain('<script')
    expect(w.html()).not.toContain('pwned')
    expect(w.text()).toBe('Hello')
  })

  it('strips event handlers and disallowed tags', () => {
    const w = render('<p onclick="alert(1)">Hi <img src="x" onerror="alert(2)"><strong onmouseover="x()">there</strong></p><iframe></iframe><object data="https://evil.test/x.swf"></object><style>body{}</style>')
    const html = w.html()
    expect(html).not.toMatch(/on(click|error|mouseover)/i)
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<iframe')
    expect(html).not.toContain('<object')
    expect(html).not.toContain('<style')
    expect(w.find('strong').text()).toBe('there')
  })

  it('drops javascript: and data: URLs but keeps the link text', () => {
    const w = render('<a href="javascript:alert(1)">click</a> <a href="JaVaScRiPt&colon;alert(1)">two</a> <a href="data:text/html,<script>x</script>">three</a>')
    for (const a of w.findAll('a')) {
      const href = a.attributes('href')
      expect(href === undefined || /^(https?:|mailto:)/i.test(href)).toBe(true)
    }
    expect(w.html()).not.toMatch(/javascript:|data:text/i)
    expect(w.text()).toContain('click')
  })

  it('keeps safe links and forces rel and target', () => {
    const w = render('<p>See <a href="https://example.com/help" title="Help" class="x" style="color:red" rel="opener" target="_self">https://example.com/help</a></p>')
    const a = w.get('a')
    expect(a.attributes('href')).toBe('https://example.com/help')
    expect(a.attributes('title')).toBe('Help')
    expect(a.attributes('rel')).toBe('noopener noreferrer nofollow')
    expect(a.attributes('target')).toBe('_blank')
    expect(a.attributes('class')).toBeUndefined()
    expect(a.attributes('style')).toBeUndefined()
    // The text already shows the host, so no extra host note.
    expect(w.find('.link-host').exists()).toBe(false)
  })

  it('shows the real host next to a link whose text says something else', () => {
    const w = render('<a href="https://www.phish.example/login">yourbank.com</a>')
    expect(w.get('.link-host').text()).toBe('phish.example')
  })

  it('does not annotate mentions and hashtags, and titles links with their destination', () => {
    const w = render('<p><a href="https://social.example/@sam">@sam</a> <a href="https://social.example/tags/cycling">#cycling</a></p>')
    expect(w.find('.link-host').exists()).toBe(false)
    expect(w.findAll('a').map((a) => a.attributes('title'))).toEqual(['https://social.example/@sam', 'https://social.example/tags/cycling'])
  })

  it('strips attributes from non-link elements', () => {
    const w = render('<span title="t" class="c" id="i" data-x="1">x</span>')
    expect(w.get('span').attributes()).toEqual({})
  })
})
