import { ConfigError, loadConfig, redisHashTag } from './app-config';

describe('Redis topology settings', () => {
  it('defaults to one Redis and a hash-tagged prefix', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ REDIS_SENTINELS: '', REDIS_CLUSTER_NODES: '', REDIS_SENTINEL_MASTER: 'mymaster', QUEUE_PREFIX: '{esurat}' });
  });

  it('reads Sentinel and Cluster node lists', () => {
    expect(loadConfig({ REDIS_SENTINELS: '10.0.0.1:26379, 10.0.0.2:26379' }).REDIS_SENTINELS).toBe('10.0.0.1:26379, 10.0.0.2:26379');
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis-a:7000,redis-b:7001' }).REDIS_CLUSTER_NODES).toBe('redis-a:7000,redis-b:7001');
  });

  it('refuses a node list that is not host:port items', () => {
    expect(() => loadConfig({ REDIS_SENTINELS: '10.0.0.1' })).toThrow(/REDIS_SENTINELS must be a comma-separated list of host:port/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'a:1,,b:2' })).toThrow(/REDIS_CLUSTER_NODES must be a comma-separated list/);
  });

  it('refuses Sentinel and Cluster together', () => {
    expect(() => loadConfig({ REDIS_SENTINELS: 'a:26379', REDIS_CLUSTER_NODES: 'b:7000' })).toThrow(/set one of them \(Sentinel or Cluster\), not both/);
  });

  it('refuses, on a cluster, a prefix without a hash tag, and names the fix', () => {
    let err: unknown;
    try {
      loadConfig({ REDIS_CLUSTER_NODES: 'b:7000', QUEUE_PREFIX: 'esurat' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('QUEUE_PREFIX="esurat": on a Redis Cluster the prefix needs a hash tag, e.g. "{esurat}"');
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'b:7000', QUEUE_PREFIX: '{}esurat' })).toThrow(/needs a hash tag/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'b:7000', REDIS_DB: '2' })).toThrow(/REDIS_DB=2: a Redis Cluster has database 0 only/);
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'b:7000', QUEUE_PREFIX: 'city-{esurat}' }).QUEUE_PREFIX).toBe('city-{esurat}');
  });

  it('accepts any prefix on one Redis or under Sentinel', () => {
    expect(loadConfig({ QUEUE_PREFIX: 'esurat' }).QUEUE_PREFIX).toBe('esurat');
    expect(loadConfig({ REDIS_SENTINELS: 'a:26379', QUEUE_PREFIX: 'esurat' }).QUEUE_PREFIX).toBe('esurat');
  });

  it('finds the hash tag as Redis Cluster does', () => {
    expect(redisHashTag('{esurat}')).toBe('esurat');
    expect(redisHashTag('a{b}c{d}')).toBe('b');
    expect(redisHashTag('{}x')).toBeUndefined();
    expect(redisHashTag('{x')).toBeUndefined();
    expect(redisHashTag('esurat')).toBeUndefined();
  });
});
