// Import rules the layering depends on, checked by `scripts/test` (dependency-cruiser).
// CONTRIBUTING.md explains the layers; a rule here is a promise a comment alone did not keep.
// Tests may use the sandbox and Node's built-ins; the code they test may not.
const TEST_FILES = '(\\.test\\.tsx?$|/__testUtils__/|/testing/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle (type-only ones too) makes load order matter and hides which module ' +
        'owns a concept: move the shared piece into a module both can import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'rules-read-only-the-model',
      severity: 'error',
      comment:
        'Rules judge the model (src/model.ts); reading AWS is src/aws/ and the check ' +
        'pipeline (src/check/). A rule that imports src/aws/ pulls the AWS SDK into every ' +
        'consumer of the rule and can no longer be judged on a plan or a fixture alone.',
      from: { path: '^plugins/fargate-endpoints-node/src/rules/' },
      to: { path: '^plugins/fargate-endpoints-node/src/(aws|check|accounts)/' },
    },
    {
      name: 'common-is-browser-safe',
      severity: 'error',
      comment:
        'The -common package is loaded by the browser: no Node built-ins, no AWS SDK, no engine.',
      from: {
        path: '^plugins/fargate-endpoints-common/src/',
        pathNot: TEST_FILES,
      },
      to: {
        path: '^(node:|@aws-sdk/|plugins/fargate-endpoints-node/)',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'common-no-builtins',
      severity: 'error',
      from: {
        path: '^plugins/fargate-endpoints-common/src/',
        pathNot: TEST_FILES,
      },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'engine-not-backend',
      severity: 'error',
      comment:
        'The engine is used by the backend, the CLI and the scaffolder, never the reverse.',
      from: {
        path: '^plugins/fargate-endpoints-(node|common)/',
        pathNot: TEST_FILES,
      },
      to: {
        path: '^(plugins/(fargate-endpoints-backend|fargate-endpoints/|scaffolder-backend-module)|packages/)',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|dist-types)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
