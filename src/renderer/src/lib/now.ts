import { ref, type Ref } from 'vue'

// One shared clock for relative times, ticking twice a minute rather than one timer per row.
const now = ref(Date.now())
let timer: ReturnType<typeof setInterval> | null = null

export function useNow(): Ref<number> {
  if (!timer && typeof window !== 'undefined') {
    timer = setInterval(() => (now.value = Date.now()), 30_000)
  }
  return now
}
