import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { DryRunResult, EventPayload, OperationOutput, Rule, RuleAction, RuleConditions, SpamItem, Topic, TopicMatch } from '@shared/contract'
import { useApi } from '@renderer/api/client'
import { useAppStore } from './app'

export type Alert = EventPayload<'listening.alert'>
type Digest = OperationOutput<'topics.digest'>

/** Tracked topics, their matches and alerts, rules with dry runs, and the Spam view. */
export const useListeningStore = defineStore('listening', () => {
  const app = useAppStore()
  const topics = ref<Topic[]>([])
  const matches = ref<TopicMatch[]>([])
  const digest = ref<Digest | null>(null)
  const unseen = ref(0)
  /** Alerts that arrived while this window was open, newest first (shown as notifications too). */
  const alerts = ref<Alert[]>([])
  const rules = ref<Rule[]>([])
  const dryRun = ref<DryRunResult | null>(null)
  const spam = ref<SpamItem[]>([])

  const guard = async <T>(task: () => Promise<T>): Promise<T | null> => {
    try {
      return await task()
    } catch (error) {
      app.report(error)
      return null
    }
  }

  async function loadTopics(): Promise<void> {
    const api = useApi()
    await guard(async () => {
      const [t, m] = await Promise.all([api.call('topics.list', {}), api.call('topics.matches', { limit: 50 })])
      topics.value = t
      matches.value = m
      unseen.value = t.reduce((n, x) => n + x.unseen, 0)
    })
  }

  async function loadDigest(day?: string): Promise<void> {
    await guard(async () => (digest.value = await useApi().call('topics.digest', day ? { day } : {})))
  }

  async function saveTopic(input: { id?: number; name: string; query: string; alert: boolean; enabled?: boolean }): Promise<boolean> {
    const done = await guard(() => useApi().call('topics.save', { enabled: true, ...input }))
    if (done) await loadTopics()
    return done !== null
  }

  async function deleteTopic(id: number): Promise<void> {
    await guard(() => useApi().call('topics.delete', { id }))
    await loadTopics()
  }

  async function markSeen(): Promise<void> {
    await guard(() => useApi().call('topics.markSeen', {}))
    unseen.value = 0
    await loadTopics()
  }

  async function loadRules(): Promise<void> {
    await guard(async () => (rules.value = await useApi().call('rules.list', {})))
  }

  async function saveRule(input: { id?: number; name: string; conditions: RuleConditions; actions: RuleAction[] }): Promise<Rule | null> {
    const saved = await guard(() => useApi().call('rules.save', input))
    await loadRules()
    return saved
  }

  async function setEnabled(id: number, enabled: boolean): Promise<void> {
    await guard(() => useApi().call('rules.setEnabled', { id, enabled }))
    await loadRules()
  }

  async function deleteRule(id: number): Promise<void> {
    await guard(() => useApi().call('rules.delete', { id }))
    await loadRules()
  }

  /** Moves a rule up (-1) or down (+1) in the order every matching rule applies in. */
  async function move(id: number, delta: number): Promise<void> {
    const ids = rules.value.map((r) => r.id)
    const at = ids.indexOf(id)
    const to = at + delta
    if (at < 0 || to < 0 || to >= ids.length) return
    ids.splice(at, 1)
    ids.splice(to, 0, id)
    const next = await guard(() => useApi().call('rules.reorder', { ids }))
    if (next) rules.value = next
  }

  async function runDry(rule: { name: string; conditions: RuleConditions; actions: RuleAction[] }): Promise<void> {
    dryRun.value = await guard(() => useApi().call('rules.dryRun', { rule, limit: 200 }))
  }

  async function loadSpam(): Promise<void> {
    await guard(async () => (spam.value = await useApi().call('spam.list', { limit: 100 })))
  }

  async function markSpam(conversationId: number, value: boolean): Promise<void> {
    await guard(() => useApi().call('spam.mark', { conversationId, spam: value }))
    await loadSpam()
  }

  function received(alert: Alert): void {
    alerts.value = [alert, ...alerts.value].slice(0, 50)
    if (alert.topicId !== null) unseen.value++
  }

  return { topics, matches, digest, unseen, alerts, rules, dryRun, spam, loadTopics, loadDigest, saveTopic, deleteTopic, markSeen, loadRules, saveRule, setEnabled, deleteRule, move, runDry, loadSpam, markSpam, received }
})
