/**
 * At most `slots` holders at once; the others wait in order, each at most `timeoutMs`, then
 * fail with the error `timedOut` makes. Used to keep CPU-heavy transactions (signing) from
 * taking every pool connection: the work cannot go faster than the CPU anyway, and the rest of
 * the pool stays free for logins, lists and health checks while a burst drains.
 */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly slots: number,
    private readonly timeoutMs: number,
    private readonly timedOut: () => Error,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.enter();
    try {
      return await work();
    } finally {
      this.leave();
    }
  }

  private enter(): Promise<void> {
    if (this.active < this.slots) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        this.active++;
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(wake), 1);
        reject(this.timedOut());
      }, this.timeoutMs);
      this.waiting.push(wake);
    });
  }

  private leave(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}
