import { ref, watch, type Ref } from 'vue'

/** Pane widths, remembered between sessions in localStorage. */
const KEY = 'parley.paneSizes'

export interface PaneSizes {
  sidebar: number
  list: number
}

export const PANE_LIMITS = { sidebar: { min: 180, max: 320 }, list: { min: 300, max: 640 } } as const
const DEFAULTS: PaneSizes = { sidebar: 220, list: 400 }

function read(): PaneSizes {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<PaneSizes> | null
    const pick = (n: unknown, d: number, lim: { min: number; max: number }): number =>
      typeof n === 'number' && Number.isFinite(n) ? Math.min(lim.max, Math.max(lim.min, n)) : d
    return {
      sidebar: pick(raw?.sidebar, DEFAULTS.sidebar, PANE_LIMITS.sidebar),
      list: pick(raw?.list, DEFAULTS.list, PANE_LIMITS.list),
    }
  } catch {
    return { ...DEFAULTS }
  }
}

export function usePaneSizes(): Ref<PaneSizes> {
  const sizes = ref(read())
  watch(
    sizes,
    (value) => {
      try {
        localStorage.setItem(KEY, JSON.stringify(value))
      } catch {
        // Not remembering sizes is fine.
      }
    },
    { deep: true },
  )
  return sizes
}
