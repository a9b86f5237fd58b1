import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { DrillMetric, ReportDrill, ReportFormat, ReportSettings, WeeklySummary } from '@shared/contract/operations-reports'
import { plainMessage, useApi } from '@renderer/api/client'

/** The Reports screen: one weekly summary at a time, the report settings, and exports. */
export const useReportsStore = defineStore('reports', () => {
  const summary = ref<WeeklySummary | null>(null)
  const settings = ref<ReportSettings | null>(null)
  const loading = ref(false)
  const exporting = ref(false)
  const error = ref<string | null>(null)
  /** The figure opened to its conversations: what was asked, then the answer (or why there is none). */
  const drillAsk = ref<{ metric: DrillMetric; key: string | null } | null>(null)
  const drilled = ref<ReportDrill | null>(null)
  const drillError = ref<string | null>(null)
  let drillSeq = 0

  async function load(week?: string): Promise<void> {
    loading.value = true
    try {
      summary.value = await useApi().call('reports.weekly', week ? { week } : {})
      error.value = null
    } catch (e) {
      error.value = plainMessage(e)
    } finally {
      loading.value = false
    }
  }

  async function loadSettings(): Promise<void> {
    settings.value = await useApi().call('reports.getSettings', {})
  }

  /** Saves, then reloads the summary: a new zone or business hours change the numbers. */
  async function saveSettings(next: Partial<ReportSettings>): Promise<void> {
    settings.value = await useApi().call('reports.setSettings', next)
    await load(summary.value?.week)
  }

  /**
   * Asks the core for the files and hands each to the browser as a download. In Electron the shell's
   * default download handling asks where to save with the system's save dialog.
   */
  async function exportAs(format: ReportFormat): Promise<string[]> {
    exporting.value = true
    try {
      const result = await useApi().call('reports.export', { format, ...(summary.value ? { week: summary.value.week } : {}) })
      for (const file of result.files) download(file.name, file.mediaType, file.encoding === 'base64' ? fromBase64(file.content) : file.content)
      return result.files.map((f) => f.name)
    } finally {
      exporting.value = false
    }
  }

  /** Opens one figure of the shown week to the conversations behind it. */
  async function drill(metric: DrillMetric, key: string | null = null): Promise<void> {
    const mine = ++drillSeq
    drillAsk.value = { metric, key }
    drilled.value = null
    drillError.value = null
    try {
      const result = await useApi().call('reports.drill', { metric, ...(key === null ? {} : { key }), ...(summary.value ? { week: summary.value.week } : {}) })
      if (mine === drillSeq) drilled.value = result
    } catch (e) {
      if (mine === drillSeq) drillError.value = plainMessage(e)
    }
  }

  function closeDrill(): void {
    drillSeq++
    drillAsk.value = null
    drilled.value = null
    drillError.value = null
  }

  return { summary, settings, loading, exporting, error, drillAsk, drilled, drillError, load, loadSettings, saveSettings, exportAs, drill, closeDrill }
})

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return bytes
}

function download(name: string, type: string, content: string | Uint8Array<ArrayBuffer>): void {
  const url = URL.createObjectURL(new Blob([content], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.rel = 'noopener'
  document.body.append(a)
  a.click()
  a.remove()
  // The click has handed the blob to the download; free it once the event loop has moved on.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
