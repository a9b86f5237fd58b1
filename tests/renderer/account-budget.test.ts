// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { AccountBudget, AccountHealth, ChannelAccount } from '@shared/contract'
import AccountBudgetRow from '@renderer/components/AccountBudgetRow.vue'
import AccountCard from '@renderer/components/AccountCard.vue'
import { piniaWithManifests } from './connector-info'

const NOW = Date.UTC(2026, 11, 7, 15, 0)
const HOUR = 3_600_000

const account: ChannelAccount = {
  id: 7,
  platform: 'mastodon',
  displayName: 'Lumen Bikes',
  handle: '@lumen@social.example',
  baseUrl: 'https://social.example',
  status: 'active',
  statusMessage: null,
  isDemo: false,
}

const budget = (patch: Partial<AccountBudget>): AccountBudget => ({ unit: 'requests', period: 'month', used: 1204, limit: 5000, left: 3796, resetsAt: NOW + 20 * 24 * HOUR, note: null, ...patch })

function row(b: AccountBudget) {
  return mount(AccountBudgetRow, { props: { account, budget: b, now: NOW }, global: { plugins: [piniaWithManifests()] } })
}

describe('the budget on sync health', () => {
  it('says units used today and when the day resets', () => {
    const w = row(budget({ unit: 'units', period: 'day', used: 3120, limit: 10_000, left: 6880, resetsAt: NOW + 5 * HOUR }))
    expect(w.get('[data-testid="health-budget-summary"]').text()).toBe(`${(3120).toLocaleString()} of ${(10_000).toLocaleString()} units used today`)
    expect(w.get('[data-testid="health-budget-reset"] time').attributes('datetime')).toBe(new Date(NOW + 5 * HOUR).toISOString())
    expect(w.get('[role="meter"]').attributes('aria-valuenow')).toBe('3120')
  })

  it('says requests this month against the cap, with the paused note when polling stopped', () => {
    const w = row(budget({ used: 5000, left: 0, note: 'Polling is paused: the cap is spent.' }))
    expect(w.get('[data-testid="health-budget-summary"]').text()).toBe(`${(5000).toLocaleString()} of ${(5000).toLocaleString()} requests used this month`)
    expect(w.get('[data-testid="health-budget-note"]').text()).toContain('Polling is paused')
    expect(w.get('.meter').classes()).toContain('low')
  })

  it('says requests left in the platform’s own window, and when it turns', () => {
    const w = row(budget({ period: 'window', used: 10, limit: 600, left: 590, resetsAt: NOW + 7 * 60_000 }))
    expect(w.get('[data-testid="health-budget-summary"]').text()).toBe("590 of 600 requests left in Mastodon's current window")
    expect(w.get('[data-testid="health-budget-reset"]').text()).toBe('resets in 7 minutes')
  })

  it('appears on the account card only for an account with a budget', () => {
    const health: AccountHealth = { accountId: 7, status: 'active', statusMessage: null, offline: false, streams: [] }
    const card = (h: AccountHealth) => mount(AccountCard, { props: { account, health: h, now: NOW, offline: false }, global: { plugins: [piniaWithManifests()] } })
    expect(card(health).find('[data-testid="health-budget"]').exists()).toBe(false)
    expect(card({ ...health, budget: null }).find('[data-testid="health-budget"]').exists()).toBe(false)
    expect(card({ ...health, budget: budget({}) }).get('[data-testid="health-budget"]').attributes('data-period')).toBe('month')
  })
})
