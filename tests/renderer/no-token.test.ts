// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import NoToken from '@renderer/components/NoToken.vue'

/** Browser mode without a session: plain words for why, and how to open Parley again. */
describe('the signed-out screen', () => {
  it('says Parley restarted and to open the new address printed by parley serve', () => {
    const text = mount(NoToken, { props: { reason: 'restarted' } }).text()
    expect(text).toContain('Parley restarted')
    expect(text).toMatch(/open the new address that parley serve printed in its terminal/)
    expect(text).not.toMatch(/Reconnecting/)
  })

  it('treats a call refused mid-session (expired) as a restart', () => {
    expect(mount(NoToken, { props: { expired: true } }).text()).toContain('Parley restarted')
  })

  it('explains that an address opens Parley once', () => {
    const text = mount(NoToken, { props: { reason: 'used' } }).text()
    expect(text).toContain('This address was already used')
    expect(text).toMatch(/start it again for a new address/)
  })

  it('asks for the printed address when there was never a session', () => {
    expect(mount(NoToken).text()).toContain('Parley needs its access address')
  })
})
