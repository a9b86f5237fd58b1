import { onBeforeUnmount, ref, type Ref } from 'vue'

/** How long after the last fast move the list draws its full rows again. */
export const SETTLE_MS = 120
/** Two scroll events further apart than this are two separate moves, not one drag. */
const SAME_MOVE_MS = 100

/**
 * True while the list moves more than a window of rows between two scroll events (a scrollbar drag,
 * a fling): every visible row changes on every frame then, so the list draws light placeholders
 * instead of full rows (BENCHMARKS.md, sweep). A single jump (End, a click on the track) is not fast.
 */
export function useFastScroll(scroller: Ref<HTMLElement | null>, rowHeight: number, windowRows: () => number) {
  const fast = ref(false)
  let lastTop = 0
  let lastAt = -Infinity
  let settle: ReturnType<typeof setTimeout> | null = null

  function onScroll(): void {
    const el = scroller.value
    if (!el) return
    const now = performance.now()
    const moved = Math.abs(el.scrollTop - lastTop) / rowHeight
    const together = now - lastAt < SAME_MOVE_MS
    lastTop = el.scrollTop
    lastAt = now
    if (!together || moved <= Math.max(windowRows(), 1)) return
    fast.value = true
    if (settle) clearTimeout(settle)
    settle = setTimeout(() => (fast.value = false), SETTLE_MS)
  }

  onBeforeUnmount(() => settle && clearTimeout(settle))
  return { fast, onScroll }
}
