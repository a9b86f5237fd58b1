import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CoverageAlert, CoverageSummary, SilenceSettings, StreamCoverage } from '@shared/contract'
import { useApi } from '@renderer/api/client'
import { useAppStore } from './app'

export type ProfileAlert = CoverageAlert & { unseen: boolean }

const key = (accountId: number, stream: string): string => `${accountId}:${stream}`

/**
 * Coverage (what each stream has read, its usual rate, its known gaps), the acting profile's open
 * alerts (silences, accounts that need reconnecting) and the silence alarm's settings.
 */
export const useCoverageStore = defineStore('coverage', () => {
  const streams = ref<StreamCoverage[]>([])
  const summary = ref<CoverageSummary | null>(null)
  const timeZone = ref<string | null>(null)
  const alerts = ref<ProfileAlert[]>([])
  const settings = ref<SilenceSettings | null>(null)
  const loaded = ref(false)

  const byStream = computed(() => new Map(streams.value.map((s) => [key(s.accountId, s.stream), s])))
  const unseen = computed(() => alerts.value.filter((a) => a.unseen).length)

  function of(accountId: number, stream: string): StreamCoverage | null {
    return byStream.value.get(key(accountId, stream)) ?? null
  }

  async function load(): Promise<void> {
    try {
      const api = useApi()
      const [list, mine] = await Promise.all([api.call('coverage.list', {}), api.call('coverage.alerts', {})])
      streams.value = list.streams
      summary.value = list.summary
      timeZone.value = list.timeZone
      alerts.value = mine.alerts
      loaded.value = true
    } catch (error) {
      useAppStore().report(error)
    }
  }

  async function loadSettings(): Promise<void> {
    try {
      settings.value = await useApi().call('coverage.getSettings', {})
    } catch (error) {
      useAppStore().report(error)
    }
  }

  /** Saves the silence alarm's settings; false (with the reason shown) when refused. */
  async function saveSettings(next: SilenceSettings): Promise<boolean> {
    try {
      settings.value = await useApi().call('coverage.setSettings', next)
      await load()
      return true
    } catch (error) {
      useAppStore().report(error)
      return false
    }
  }

  /** The acting profile has seen these alerts (all when omitted); an unfixed account reminds again tomorrow. */
  async function acknowledge(ids?: number[]): Promise<void> {
    try {
      await useApi().call('coverage.acknowledge', ids ? { ids } : {})
      for (const a of alerts.value) if (!ids || ids.includes(a.id)) a.unseen = false
    } catch (error) {
      useAppStore().report(error)
    }
  }

  return { streams, summary, timeZone, alerts, settings, loaded, unseen, of, load, loadSettings, saveSettings, acknowledge }
})
