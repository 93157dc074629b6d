import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ZipWriter } from './zip-writer';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('ZipWriter', () => {
  it('opens lazy files one at a time, measures what it wrote, and makes a ZIP unzip reads back', async () => {
    const zip = new ZipWriter();
    const output = collect(zip.output);
    const big = Buffer.alloc(300_000, 7);
    const opened: string[] = [];
    const open = (name: string, data: Buffer) => async () => {
      opened.push(name);
      return Readable.from([data.subarray(0, 1000), data.subarray(1000)]);
    };
    zip.addLazy('data/a.pdf', open('a', big));
    zip.addLazy('data/b.pdf', open('b', Buffer.from('%PDF-1.7 b')));
    zip.addBuffer('data/metadata.json', Buffer.from('{"x":1}'));
    // Nothing is opened before the ZIP reaches it.
    expect(opened.length).toBeLessThanOrEqual(1);
    const written = await zip.written();
    expect(opened).toEqual(['a', 'b']);
    expect(written).toEqual([
      ['data/a.pdf', sha256(big)],
      ['data/b.pdf', sha256(Buffer.from('%PDF-1.7 b'))],
      ['data/metadata.json', sha256(Buffer.from('{"x":1}'))],
    ]);
    zip.addBuffer('manifest-sha256.txt', Buffer.from(written.map(([path, digest]) => `${digest}  ${path}\n`).join('')));
    zip.end();
    const bytes = await output;
    const dir = mkdtempSync(join(tmpdir(), 'zip-writer-'));
    try {
      writeFileSync(join(dir, 'p.zip'), bytes);
      execFileSync('unzip', ['-q', 'p.zip', '-d', 'out'], { cwd: dir });
      expect(sha256(readFileSync(join(dir, 'out', 'data', 'a.pdf')))).toBe(sha256(big));
      expect(readFileSync(join(dir, 'out', 'manifest-sha256.txt'), 'utf8')).toContain(`${sha256(big)}  data/a.pdf`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails the package when a file cannot be opened', async () => {
    const zip = new ZipWriter();
    const output = collect(zip.output);
    zip.addLazy('data/missing.pdf', () => Promise.reject(new Error('object gone')));
    await expect(zip.written()).rejects.toThrow('object gone');
    await expect(output).rejects.toThrow('object gone');
  });
});
