/** How many requests one client may make: a burst of `capacity`, then `perSecond` on average. */
export interface RateLimit {
  capacity: number;
  perSecond: number;
}

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets keyed by client. The table is bounded: past `maxKeys` the least recently used
 * bucket goes, so a flood of distinct keys costs a fixed amount of memory, while a busy key keeps
 * moving to the back and keeps its (empty) bucket.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
    private readonly maxKeys = 10_000,
  ) {}

  take(key: string): Admission {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.capacity, at: now };
    this.buckets.delete(key);
    bucket.tokens = Math.min(this.limit.capacity, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.limit.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    const wait = this.limit.perSecond > 0 ? (1 - bucket.tokens) / this.limit.perSecond : 3600;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
  }

  get size(): number {
    return this.buckets.size;
  }
}
