/** Paces calls to at most `perSecond`, evenly spaced: each caller reserves the next free slot. */
export class RateLimiter {
  private next = 0;
  private readonly interval: number;

  constructor(
    perSecond: number,
    private readonly clock: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.interval = 1000 / perSecond;
  }

  async take(): Promise<void> {
    const now = this.clock();
    const slot = Math.max(now, this.next);
    this.next = slot + this.interval;
    if (slot > now) await this.sleep(slot - now);
  }
}
