// The lint of every package of this repo: Backstage's own (the eslint factory of
// @backstage/cli), plus two house rules.
// - No production function over 60 lines (blank lines and comments aside): a stage, a route
//   or an action reads as a few named steps (issue #16). Tests and fixtures are exempt.
// - `__fixtures__` (test inputs) are test-only like `__testUtils__`: they may use
//   devDependencies, and production code may never import them.
const createConfig = require('@backstage/cli/config/eslint-factory');

const TEST_ONLY = [
  '**/*.test.*',
  '**/__testUtils__/**',
  '**/__fixtures__/**',
  '**/__mocks__/**',
  'src/setupTests.*',
  '!src/**',
];

module.exports = dir =>
  createConfig(dir, {
    restrictedImportPatterns: ['**/__fixtures__/**'],
    tsRules: {
      'max-lines-per-function': [
        'error',
        { max: 60, skipBlankLines: true, skipComments: true },
      ],
    },
    overrides: [
      {
        files: TEST_ONLY,
        rules: { 'max-lines-per-function': 'off' },
      },
      {
        // Backstage's no-undeclared-imports knows `__testUtils__` but not `__fixtures__`.
        files: ['src/**/__fixtures__/**'],
        rules: {
          '@backstage/no-undeclared-imports': 'off',
          'no-restricted-imports': ['error', { paths: [] }],
        },
      },
    ],
  });
