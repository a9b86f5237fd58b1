import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { OperationInput, TeamStatus, TeamSync } from '@shared/contract'
import { useApi } from '@renderer/api/client'

const LOCAL: TeamSync = { state: 'local', unpushed: 0, lastSyncAt: null, problem: null }

/** This laptop's place in its team: the top bar's sync state, and Settings → Team's details. */
export const useTeamStore = defineStore('team', () => {
  const sync = ref<TeamSync>(LOCAL)
  const status = ref<TeamStatus | null>(null)
  let stopWatching: (() => void) | null = null

  /** Follows team.changed from now on, after reading the state once. */
  function watchSync(): void {
    if (stopWatching) return
    stopWatching = useApi().on('team.changed', (next) => {
      sync.value = next
      if (status.value) status.value = { ...status.value, sync: next }
    })
    void loadSync()
  }

  function unwatch(): void {
    stopWatching?.()
    stopWatching = null
  }

  async function loadSync(): Promise<void> {
    try {
      sync.value = await useApi().call('team.sync', {})
    } catch {
      // An older core without the team store: the indicator stays hidden.
    }
  }

  async function loadStatus(): Promise<void> {
    status.value = await useApi().call('team.status', {})
    sync.value = status.value.sync
  }

  async function join(input: OperationInput<'team.join'>): Promise<void> {
    status.value = await useApi().call('team.join', input)
    sync.value = status.value.sync
  }

  async function syncNow(): Promise<void> {
    sync.value = await useApi().call('team.syncNow', {})
    await loadStatus()
  }

  /** An admin's join code for a new member. */
  async function invite(input: OperationInput<'team.invite'>): Promise<string> {
    return (await useApi().call('team.invite', input)).code
  }

  async function removeMember(name: string): Promise<void> {
    status.value = await useApi().call('team.removeMember', { name })
    sync.value = status.value.sync
  }

  return { sync, status, watchSync, unwatch, loadSync, loadStatus, join, syncNow, invite, removeMember }
})
