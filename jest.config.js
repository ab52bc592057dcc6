/**
 * One jest run for the whole repository, in two projects:
 * - `tests`: unit tests (`*.spec.ts` beside the source, the storefront's too: pure logic, mocks allowed) and integration tests
 *   (`<workspace>/test/*.int.spec.ts`: real PostgreSQL, MariaDB and Redis, each file with its own databases).
 * - `e2e`: `tests/e2e/*.e2e.spec.ts`, against the whole system started once from built code (global setup)
 *   and driven through the gateway with the client operations.
 */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  moduleNameMapper: {
    // The generated Prisma clients import their own modules with a `.js` suffix (for compiled CommonJS).
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@retail/common$': '<rootDir>/subgraphs/common/src',
    '^@retail/tools/(.*)$': '<rootDir>/tools/$1',
    '^@test/(.*)$': '<rootDir>/tests/support/$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  // A global option: jest ignores it inside project entries.
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
  projects: [
    {
      ...shared,
      displayName: 'tests',
      roots: ['<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/tools', '<rootDir>/tests', '<rootDir>/examples'],
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '\\.e2e\\.spec\\.ts$'],
    },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/tests/e2e'],
      testMatch: ['**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/tests/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/tests/e2e/global-teardown.ts',
    },
  ],
};
