// Lint rules: typescript-eslint's recommended set, plus the import boundaries of docs/architecture.md for product and test code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A relative import that climbs to the folder `name` (the top-level one, from its neighbours). */
const folder = (name) => `^(?:\\.\\./)+${name}(?:/|$)`;

/** Test code: unit tests, integration suites and their helpers. */
const TESTS = ['**/*.test.ts', '**/*.test.tsx', '**/integration_tests/**', 'test_helpers/**'];

// The import boundaries of docs/architecture.md, for product and test code alike (Kibana enforces its
// own with @kbn/imports; no-restricted-imports needs no new dependency). Each rule names who
// may not import what, and why.
const RULES = {
  plugin: {
    patterns: ['runtime', 'dispatcher', 'examples', 'packages'].map(folder),
    message:
      'server/, public/ and common/ drop into a Kibana checkout: import @kbn/* by name, never the host, the dispatcher or stand-ins by path.',
  },
  dispatcher: {
    patterns: ['server', 'runtime'].map(folder),
    message:
      'The dispatcher is its own process: it shares only common/ with the plugin, never server/ or runtime/.',
  },
  common: {
    patterns: ['server', 'public'].map(folder),
    message: 'common/ is shared by server and browser code: it imports neither.',
  },
  testCode: {
    patterns: [`(?:^|/)(?:test_helpers|integration_tests)(?:/|$)`],
    message:
      'Only tests import test code: product code (scripts/, bench/ included) must run without it.',
  },
};

function restrict(...names) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: names.flatMap((name) =>
          RULES[name].patterns.map((regex) => ({ regex, message: RULES[name].message }))
        ),
      },
    ],
  };
}

/** Test files inside the folder `dir`. */
const testsIn = (dir) => [
  `${dir}/**/*.test.ts`,
  `${dir}/**/*.test.tsx`,
  `${dir}/**/integration_tests/**`,
];

/**
 * One block per area, product files then test files: a later block's no-restricted-imports
 * replaces an earlier one's for the same file, so each block lists every rule that applies.
 */
function boundaryConfigs() {
  const areas = [
    { dirs: ['server', 'public'], rules: ['plugin'] },
    { dirs: ['common'], rules: ['plugin', 'common'] },
    { dirs: ['dispatcher'], rules: ['dispatcher'] },
  ];
  return [
    { files: ['**/*.{ts,tsx,js,mjs,cjs}'], ignores: TESTS, rules: restrict('testCode') },
    ...areas.flatMap(({ dirs, rules }) => [
      {
        files: dirs.map((dir) => `${dir}/**`),
        ignores: TESTS,
        rules: restrict(...rules, 'testCode'),
      },
      { files: dirs.flatMap(testsIn), rules: restrict(...rules) },
    ]),
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/', '.cache/', 'target/', '**/node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  ...boundaryConfigs(),
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  }
);
