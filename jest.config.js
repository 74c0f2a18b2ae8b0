// One jest run for the whole workspace: unit specs (`*.spec.ts`) beside the code they pin, and end-to-end
// stories (`*.e2e-spec.ts`) in apps/sandbox-e2e that drive the real services started by its global setup.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.m?ts$': swc },
  // bench/ is TypeScript run by Node itself (.mts, type stripping); its runner's own specs run here too
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'mts', 'json', 'node'],
  moduleNameMapper: {
    '^@fapi/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    // a lib's test-only entry (e.g. @fapi/open-banking/testing), kept out of its production index
    '^@fapi/([a-z-]+)/testing$': '<rootDir>/libs/$1/src/testing/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/', '<rootDir>/.nx/'],
};

module.exports = {
  // testTimeout is a global option (jest ignores it inside a project): the e2e stories drive whole journeys.
  testTimeout: 60000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,apps}/**/*.spec.ts', '<rootDir>/bench/**/*.spec.mts'],
      // DATABASE_URL, else the PostgreSQL `npm start` would use (a container when Docker answers, else embedded)
      globalSetup: '<rootDir>/libs/launcher/src/testing/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/launcher/src/testing/jest-global-teardown.ts',
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/sandbox-e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/apps/sandbox-e2e/src/support/global-setup.ts',
      globalTeardown: '<rootDir>/apps/sandbox-e2e/src/support/global-teardown.ts',
    },
  ],
};
