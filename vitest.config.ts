import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['tests/setup.ts'],
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      AWS_REGION: 'eu-west-3',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // A project that extends the root concatenates its `include` to the root's: each project has its own.
    projects: [
      // Every test, real storage on dynalite in-process (or on DYNAMODB_ENDPOINT when it is set), but
      // tests/aws/: the deployment end to end creates its table on DynamoDB Local, as the template declares it.
      {
        extends: true,
        test: {
          name: 'dynalite',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/aws/**'],
        },
      },
      // The tests that use real storage (tests/helpers/local-table.ts) again, on Amazon's DynamoDB Local: the
      // port contracts (adapters and fakes), the adapters and the workflow scenarios. The use-case tests run on
      // the in-memory fakes (tests/helpers/fakes.ts), which the contracts prove against both stores.
      {
        extends: true,
        test: {
          name: 'dynamodb-local',
          include: [
            'tests/contracts/**/*.test.ts',
            'tests/unit/adapters/**/*.test.ts',
            'tests/workflows/module7.test.ts',
            // The deployment end to end: the bundles as deployed, on DynamoDB Local and AWS on the wire.
            'tests/aws/**/*.test.ts',
          ],
          globalSetup: ['tests/setup/dynamodb-local.ts'],
        },
      },
    ],
  },
});
