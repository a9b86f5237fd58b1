import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { OperationOutput } from '@shared/contract'
import { useApi } from '@renderer/api/client'
import { useAppStore } from './app'

type Presence = OperationOutput<'presence.list'>[number]

/** Who else is drafting where (collision warning), kept current by presence.changed events. */
export const usePresenceStore = defineStore('presence', () => {
  const byConversation = ref<Record<number, Presence['drafting']>>({})

  function set(p: Presence): void {
    const next = { ...byConversation.value }
    if (p.drafting.length) next[p.conversationId] = p.drafting
    else delete next[p.conversationId]
    byConversation.value = next
  }

  async function load(): Promise<void> {
    try {
      const list = await useApi().call('presence.list', {})
      byConversation.value = Object.fromEntries(list.filter((p) => p.drafting.length).map((p) => [p.conversationId, p.drafting]))
    } catch {
      // Presence is a courtesy; events fill it in.
    }
  }

  /** Profiles other than me drafting in a conversation. */
  function othersIn(conversationId: number): Presence['drafting'] {
    const me = useAppStore().profile?.id
    return (byConversation.value[conversationId] ?? []).filter((d) => d.profileId !== me)
  }

  /** "Sam is drafting a reply", "Sam and Mira are drafting replies", or ''. */
  function sentence(conversationId: number): string {
    const names = othersIn(conversationId).map((d) => d.name)
    if (!names.length) return ''
    if (names.length === 1) return `${names[0]} is drafting a reply`
    return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are drafting replies`
  }

  return { byConversation, set, load, othersIn, sentence }
})
