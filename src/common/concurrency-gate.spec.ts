import { ConcurrencyGate } from './concurrency-gate';

const tick = () => new Promise((r) => setImmediate(r));

describe('ConcurrencyGate', () => {
  it('runs at most `slots` at once, the rest in arrival order', async () => {
    const gate = new ConcurrencyGate(2, 10_000, () => new Error('timeout'));
    const releases: (() => void)[] = [];
    const started: number[] = [];
    const runs = [0, 1, 2, 3].map((i) =>
      gate.run(
        () =>
          new Promise<number>((resolve) => {
            started.push(i);
            releases[i] = () => resolve(i);
          }),
      ),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    releases[1]();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    releases[0]();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    releases[2]();
    releases[3]();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
  });

  it('fails a waiter that waited too long, and frees its place for the next', async () => {
    jest.useFakeTimers();
    try {
      const gate = new ConcurrencyGate(1, 1000, () => new Error('busy'));
      let release!: () => void;
      const holder = gate.run(() => new Promise<void>((r) => (release = r)));
      const late = gate.run(async () => 'late');
      jest.advanceTimersByTime(1001);
      await expect(late).rejects.toThrow('busy');
      const next = gate.run(async () => 'next');
      release();
      await holder;
      await expect(next).resolves.toBe('next');
    } finally {
      jest.useRealTimers();
    }
  });

  it('frees the slot when the work throws', async () => {
    const gate = new ConcurrencyGate(1, 1000, () => new Error('busy'));
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 'ok')).resolves.toBe('ok');
  });
});
