import { freePort } from '../helpers/free-port';
import { createTestApp } from '../helpers/test-app';

describe('GET /health', () => {
  it('reports database, Redis and storage up', async () => {
    const t = await createTestApp();
    try {
      const res = await t.http().get('/health').expect(200);
      expect(res.body.status).toBe('ok');
      for (const name of ['database', 'redis', 'storage']) expect(res.body.checks[name].status).toBe('up');
    } finally {
      await t.close();
    }
  });

  it('answers 503 and names Redis when Redis is unreachable', async () => {
    // An instance pointed at a port nothing listens on now (a fixed one may be taken by
    // another service); workers off, since they cannot connect either.
    const t = await createTestApp({ REDIS_PORT: String(await freePort()), WORKERS_ENABLED: 'false' });
    try {
      const res = await t.http().get('/health').expect(503);
      expect(res.body.status).toBe('error');
      expect(res.body.checks.redis.status).toBe('down');
      expect(res.body.checks.database.status).toBe('up');
      expect(res.body.checks.storage.status).toBe('up');
    } finally {
      await t.close();
    }
  });

  it('answers 503 and names storage when the S3 server is unreachable', async () => {
    const t = await createTestApp({ STORAGE_DRIVER: 's3', S3_ENDPOINT: `http://127.0.0.1:${await freePort()}`, S3_ACCESS_KEY: 'x', S3_SECRET_KEY: 'y', S3_BUCKET: 'health-test' });
    try {
      const res = await t.http().get('/health').expect(503);
      expect(res.body.checks.storage.status).toBe('down');
      expect(res.body.checks.redis.status).toBe('up');
    } finally {
      await t.close();
    }
  });
});
