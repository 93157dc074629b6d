import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives working defaults for this machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, DB_HOST: '127.0.0.1', DB_PORT: 5432, DB_USER: 'postgres', DB_NAME: 'esurat', REDIS_PORT: 6379, STORAGE_DRIVER: 'fs', STORAGE_FS_ROOT: './data', WORKERS_ENABLED: true });
  });

  it('converts numbers and booleans', () => {
    const config = loadConfig({ PORT: '8080', WORKERS_ENABLED: 'false', DB_POOL_SIZE: '5' });
    expect(config.PORT).toBe(8080);
    expect(config.WORKERS_ENABLED).toBe(false);
    expect(config.DB_POOL_SIZE).toBe(5);
  });

  it('serves the API docs outside production, and in production only when switched on', () => {
    expect(loadConfig({}).apiDocsEnabled).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).apiDocsEnabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', API_DOCS_ENABLED: 'true' }).apiDocsEnabled).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', API_DOCS_ENABLED: 'false' }).apiDocsEnabled).toBe(false);
    expect(() => loadConfig({ API_DOCS_ENABLED: 'kadang' })).toThrow(/API_DOCS_ENABLED="kadang"/);
  });

  it('points PUBLIC_URL at the port in use unless it is set', () => {
    expect(loadConfig({}).PUBLIC_URL).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '3993' }).PUBLIC_URL).toBe('http://localhost:3993');
    expect(loadConfig({ PORT: '3993', PUBLIC_URL: 'https://surat.pekalongankota.go.id' }).PUBLIC_URL).toBe('https://surat.pekalongankota.go.id');
  });

  it('names each bad variable', () => {
    expect(() => loadConfig({ PORT: 'delapan', STORAGE_DRIVER: 'ftp', WORKERS_ENABLED: 'mungkin' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'delapan', STORAGE_DRIVER: 'ftp' })).toThrow(/PORT="delapan"[\s\S]*STORAGE_DRIVER="ftp"/);
  });

  it('never prints a secret value', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET=<redacted>/);
  });
});
