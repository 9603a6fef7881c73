// Two projects, as in Kibana: unit tests beside the source, and integration tests (in
// `integration_tests/` folders) that talk to the real Elasticsearch of ELASTICSEARCH_HOSTS.
const shared = {
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
        },
      },
    ],
  },
  // EUI requires uuid, which ships ES modules only: compiled like the sources.
  transformIgnorePatterns: ['/node_modules/(?!uuid/)'],
  testPathIgnorePatterns: ['/node_modules/', '/.cache/'],
  modulePathIgnorePatterns: ['<rootDir>/.cache/'],
};

module.exports = {
  // Jest 30 reads testTimeout from the root config only, not from a project's.
  testTimeout: 120000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.test.ts', '<rootDir>/**/*.test.tsx'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '/integration_tests/'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/integration_tests/**/*.test.ts'],
    },
  ],
};
