// Type-aware lint for every project. The rules that matter most here:
// exhaustive switches over message/record types, and no floating promises
// (a dropped promise in a worker is a lost crash record).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/test-results/**', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }
      ],
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always']
    }
  },
  {
    // CommonJS entries (a worker loader that must not pay for Node's ES
    // module loader) import with `import x = require()`, the only form
    // verbatimModuleSyntax allows there.
    files: ['**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  }
);
