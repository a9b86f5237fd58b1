/**
 * Seeded randomness for the demo generator. sfc32 is tiny, fast and good
 * enough statistically; Math.random is never used so output is reproducible.
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    // splitmix32 spreads the seed over the state so seeds 1 and 2 diverge at once.
    let s = seed >>> 0
    const mix = (): number => {
      s = (s + 0x9e3779b9) | 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = mix()
    this.b = mix()
    this.c = mix()
    this.d = mix()
    for (let i = 0; i < 12; i++) this.u32()
  }

  u32(): number {
    const a = this.a
    const b = this.b
    const c = this.c
    const d = this.d
    const t = (((a + b) | 0) + d) | 0
    this.d = (d + 1) | 0
    this.a = b ^ (b >>> 9)
    this.b = (c + (c << 3)) | 0
    this.c = (((c << 21) | (c >>> 11)) + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** Integer in [lo, hi], both inclusive. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T
  }

  /** Log-uniform in [lo, hi]: the right shape for waiting times. */
  logUniform(lo: number, hi: number): number {
    return lo * Math.exp(this.next() * Math.log(hi / lo))
  }

  /** An independent stream, so one part of the output can change without shifting another. */
  fork(): Rng {
    return new Rng(this.u32())
  }
}

/** Picks indexes with fixed relative weights (binary search over a CDF). */
export class Weighted {
  private readonly cdf: Float64Array

  constructor(weights: readonly number[]) {
    let sum = 0
    for (const w of weights) sum += w
    this.cdf = new Float64Array(weights.length)
    let acc = 0
    weights.forEach((w, i) => {
      acc += w
      this.cdf[i] = acc / sum
    })
  }

  sample(rng: Rng): number {
    return searchCdf(this.cdf, rng.next())
  }
}

/**
 * Zipf-Mandelbrot over ranks 0..n-1: rank r has weight 1/(r+1+q)^s. The
 * offset q flattens the head, so one word does not dominate a short list.
 */
export class Zipf extends Weighted {
  constructor(n: number, s: number, q = 0) {
    const w = new Array<number>(n)
    for (let r = 0; r < n; r++) w[r] = 1 / Math.pow(r + 1 + q, s)
    super(w)
  }
}

/** First index whose cumulative value exceeds u. */
export function searchCdf(cdf: Float64Array, u: number): number {
  let lo = 0
  let hi = cdf.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((cdf[mid] as number) > u) hi = mid
    else lo = mid + 1
  }
  return lo
}
