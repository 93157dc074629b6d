import Redis, { Cluster } from 'ioredis';
import { loadConfig } from '../config/app-config';
import { bullConnection, createRedis, duplicateRedis, parseHostPorts, redisOptions, redisTopology } from './redis';

describe('Redis connections by topology', () => {
  const opened: (Redis | Cluster)[] = [];
  afterEach(() => opened.splice(0).forEach((c) => c.disconnect()));

  it('parses host:port lists', () => {
    expect(parseHostPorts(' a:1, 10.0.0.2:26379 ,')).toEqual([
      { host: 'a', port: 1 },
      { host: '10.0.0.2', port: 26379 },
    ]);
  });

  it('keeps one Redis as it was', () => {
    const config = loadConfig({ REDIS_HOST: 'redis', REDIS_PORT: '6380', REDIS_PASSWORD: 'pw', REDIS_DB: '3' });
    expect(redisTopology(config)).toBe('single');
    expect(redisOptions(config)).toEqual({ host: 'redis', port: 6380, password: 'pw', db: 3, maxRetriesPerRequest: null });
  });

  it('asks the sentinels for the master', () => {
    const config = loadConfig({ REDIS_SENTINELS: 's1:26379,s2:26380', REDIS_SENTINEL_MASTER: 'city', REDIS_SENTINEL_PASSWORD: 'spw', REDIS_PASSWORD: 'pw' });
    expect(redisTopology(config)).toBe('sentinel');
    const options = redisOptions(config);
    expect(options).toMatchObject({ sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26380 }], name: 'city', sentinelPassword: 'spw', password: 'pw', failoverDetector: true });
    expect(options.host).toBeUndefined();
    expect((options.reconnectOnError as (e: Error) => unknown)(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect((options.reconnectOnError as (e: Error) => unknown)(new Error('ERR other'))).toBe(false);
  });

  it("gives BullMQ's Sentinel connections no failover detector (BullMQ closes them with QUIT, which leaves its subscriptions open)", () => {
    const config = loadConfig({ REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_MASTER: 'city' });
    expect(bullConnection(config)).toMatchObject({ sentinels: [{ host: 's1', port: 26379 }], name: 'city', failoverDetector: false });
    expect(bullConnection(loadConfig({ REDIS_HOST: 'redis' }))).toEqual(redisOptions(loadConfig({ REDIS_HOST: 'redis' })));
  });

  it('opens a Cluster on a cluster, and duplicates it as a Cluster', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7000,127.0.0.1:7001', REDIS_PASSWORD: 'pw' });
    expect(redisTopology(config)).toBe('cluster');
    const cluster = createRedis(config, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    opened.push(cluster);
    expect(cluster).toBeInstanceOf(Cluster);
    const c = cluster as Cluster;
    expect(c.options.redisOptions).toMatchObject({ password: 'pw', maxRetriesPerRequest: 1 });
    expect(c.options.lazyConnect).toBe(true);
    expect(c.options.enableOfflineQueue).toBe(false);
    const copy = duplicateRedis(cluster, { enableOfflineQueue: true, maxRetriesPerRequest: null, lazyConnect: true });
    opened.push(copy);
    expect(copy).toBeInstanceOf(Cluster);
    expect((copy as Cluster).options).toMatchObject({ enableOfflineQueue: true, lazyConnect: true, redisOptions: { password: 'pw', maxRetriesPerRequest: null } });
  });

  it('opens a plain Redis otherwise', () => {
    const client = createRedis(loadConfig({}), { lazyConnect: true });
    opened.push(client);
    expect(client).toBeInstanceOf(Redis);
  });
});
