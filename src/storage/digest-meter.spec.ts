import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestMeter } from './digest-meter';

const sink = () => new PassThrough().resume();

describe('DigestMeter', () => {
  it('counts and hashes what passes through, unchanged', async () => {
    const chunks = [Buffer.from('nota '), Buffer.from('dinas'), Buffer.alloc(0), Buffer.from(' 2025')];
    const meter = new DigestMeter(100);
    const out: Buffer[] = [];
    await pipeline(Readable.from(chunks), meter, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) out.push(chunk);
    });

    expect(Buffer.concat(out).toString()).toBe('nota dinas 2025');
    expect(meter.size).toBe(15);
    expect(meter.sha256).toBe(createHash('sha256').update('nota dinas 2025').digest('hex'));
  });

  it('accepts exactly the limit', async () => {
    const meter = new DigestMeter(4);
    await pipeline(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), meter, sink());
    expect(meter.size).toBe(4);
  });

  it('fails with OBJECT_TOO_LARGE at the first byte over the limit', async () => {
    const meter = new DigestMeter(4);
    await expect(pipeline(Readable.from([Buffer.from('ab'), Buffer.from('cde')]), meter, sink())).rejects.toMatchObject({
      code: 'OBJECT_TOO_LARGE',
      status: 413,
    });
  });

  it('has no digest before the stream ends', () => {
    expect(() => new DigestMeter(1).sha256).toThrow(/before the stream ended/);
  });
});
