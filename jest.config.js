/**
 * One jest run for the whole repository.
 * - `*.spec.ts` beside the source: unit tests, pure logic, mocks allowed.
 * - `<workspace>/test/*.int.spec.ts`: integration tests on the real PostgreSQL, MariaDB and Redis.
 * - `tests/e2e/*.e2e.spec.ts`: the whole system booted, driven through the gateway.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/tools', '<rootDir>/tests'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  moduleNameMapper: {
    '^@retail/common$': '<rootDir>/subgraphs/common/src',
    '^@retail/tools/(.*)$': '<rootDir>/tools/$1',
    '^@test/(.*)$': '<rootDir>/tests/support/$1',
  },
  testTimeout: 30_000,
};
