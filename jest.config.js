/**
 * Three projects: unit specs beside the code (pure logic), e2e specs that boot the real app, and
 * browser specs that drive the web UI in headless Chromium against the real app.
 */
const tsJest = [
  'ts-jest',
  {
    tsconfig: 'tsconfig.json',
    diagnostics: { warnOnly: false },
    astTransformers: {
      before: ['<rootDir>/test/setup/swagger-plugin.js'],
    },
  },
];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      // With the DOM's types, for the functions the specs run in the page.
      transform: { '^.+\\.ts$': [tsJest[0], { ...tsJest[1], tsconfig: 'test/browser/tsconfig.json' }] },
      globalSetup: '<rootDir>/test/browser/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
  // A global option: per-project values are ignored. e2e tests boot the app and wait on workers.
  testTimeout: 60000,
};
