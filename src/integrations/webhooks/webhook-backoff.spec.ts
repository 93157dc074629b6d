import { webhookRetryDelayMs } from './webhook-backoff';

describe('webhookRetryDelayMs', () => {
  it('doubles per attempt, with jitter in the upper half, up to the cap', () => {
    expect(webhookRetryDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(webhookRetryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(webhookRetryDelayMs(3, 1000, 60_000, () => 1)).toBe(4000);
    expect(webhookRetryDelayMs(3, 1000, 60_000, () => 0.5)).toBe(3000);
    expect(webhookRetryDelayMs(30, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
