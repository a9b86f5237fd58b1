import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ProfileInfo, Role, SessionProfile } from '@shared/contract'
import { useApi } from '@renderer/api/client'
import { useAppStore } from './app'
import { useDraftsStore } from './drafts'

/** Who this window works as, and the people it can switch to. */
export const useProfilesStore = defineStore('profiles', () => {
  const list = ref<ProfileInfo[]>([])
  const loaded = ref(false)

  async function load(): Promise<void> {
    try {
      list.value = await useApi().call('profiles.list', {})
      loaded.value = true
    } catch (error) {
      useAppStore().report(error)
    }
  }

  /** Throws the core's refusal (a wrong passphrase) so the dialog can show it inline. */
  async function switchTo(profileId: number, passphrase?: string): Promise<SessionProfile> {
    // Drafts belong to a person: what was typed is saved as the one who typed it.
    await useDraftsStore().flush()
    const current = await useApi().call('profiles.switch', passphrase ? { profileId, passphrase } : { profileId })
    setCurrent(current)
    return current
  }

  async function create(input: { name: string; role: Role; passphrase?: string }): Promise<ProfileInfo> {
    const created = await useApi().call('profiles.create', input)
    await load()
    return created
  }

  /** Unlocks the session's supervisor or admin; throws the core's refusal for the form to show. */
  async function unlock(passphrase: string): Promise<SessionProfile> {
    const current = await useApi().call('profiles.unlock', { passphrase })
    setCurrent(current)
    return current
  }

  /**
   * Sets a passphrase: your own (the old one is needed to change it; your first one unlocks you),
   * or, as an admin, someone else's.
   */
  async function setPassphrase(profileId: number, passphrase: string, currentPassphrase?: string): Promise<ProfileInfo> {
    const info = await useApi().call('profiles.setPassphrase', currentPassphrase ? { profileId, passphrase, currentPassphrase } : { profileId, passphrase })
    setCurrent(await useApi().call('profiles.current', {}))
    await load()
    return info
  }

  /** The acting profile changed (here or in another window). */
  function setCurrent(current: SessionProfile): void {
    const app = useAppStore()
    if (!app.info) return
    const changed = app.info.profile.id !== current.id
    app.info = { ...app.info, profile: current }
    if (changed) void useDraftsStore().reload()
  }

  function needsPassphrase(p: Pick<ProfileInfo, 'role'>): boolean {
    return p.role === 'supervisor' || p.role === 'admin'
  }

  return { list, loaded, load, switchTo, unlock, setPassphrase, create, setCurrent, needsPassphrase }
})
