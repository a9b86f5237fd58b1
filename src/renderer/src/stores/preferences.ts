import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Theme } from '@shared/contract'
import { useApi } from '@renderer/api/client'
import { applyTheme, cachedTheme } from '@renderer/lib/theme'
import { useAppStore } from './app'

/** How Parley looks on this computer (kept in the workspace, applied at once). */
export const usePreferencesStore = defineStore('preferences', () => {
  const theme = ref<Theme>(cachedTheme())

  async function load(): Promise<void> {
    try {
      theme.value = (await useApi().call('preferences.get', {})).theme
      applyTheme(theme.value)
    } catch (error) {
      useAppStore().report(error)
    }
  }

  async function setTheme(next: Theme): Promise<void> {
    const before = theme.value
    theme.value = next
    applyTheme(next)
    try {
      theme.value = (await useApi().call('preferences.set', { theme: next })).theme
    } catch (error) {
      theme.value = before
      applyTheme(before)
      useAppStore().report(error)
    }
  }

  return { theme, load, setTheme }
})
