import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { EventPayload } from '@shared/contract'
import { useApi } from '@renderer/api/client'
import { useAppStore } from './app'
import { useInboxStore } from './inbox'

/** First run: building the demo workspace, with progress from demo.progress events. */
export const useWorkspaceStore = defineStore('workspace', () => {
  const building = ref(false)
  const done = ref(0)
  const total = ref(0)

  const percent = computed(() => (total.value ? Math.min(100, Math.round((done.value / total.value) * 100)) : 0))

  function onProgress(payload: EventPayload<'demo.progress'>): void {
    done.value = payload.done
    total.value = payload.total
  }

  async function loadDemo(): Promise<boolean> {
    if (building.value) return false
    const app = useAppStore()
    building.value = true
    done.value = 0
    total.value = 0
    try {
      await useApi().call('workspace.loadDemo', {})
      await app.loadInfo()
      await useInboxStore().loadAll()
      return true
    } catch (error) {
      app.report(error)
      return false
    } finally {
      building.value = false
    }
  }

  return { building, done, total, percent, onProgress, loadDemo }
})
