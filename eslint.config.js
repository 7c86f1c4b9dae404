import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Import rules from docs/architecture.md, enforced here so a wrong import fails `npm run lint`.
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['renderer/**/*.{ts,tsx}'], plugins: { 'react-hooks': reactHooks }, rules: { ...reactHooks.configs.recommended.rules, 'react-hooks/set-state-in-effect': 'off' } },
  { files: ['db/**/*.ts'], rules: restrict(['**/gateway/**', '**/drivers/**', '**/renderer/**', '**/electron/**'], 'db/ imports nothing of ours') },
  { files: ['drivers/**/*.ts'], rules: restrict(['**/gateway/**', '**/db/**', '**/renderer/**', '**/electron/**'], 'drivers/ imports nothing of ours') },
  { files: ['gateway/contract/**/*.ts'], rules: restrict(['**/db/**', '**/drivers/**', '../*', '!./*'], 'the contract imports zod only') },
  { files: ['renderer/**/*.{ts,tsx}'], rules: restrict(['**/db/**', '**/drivers/**', '**/electron/**', '**/gateway/!(contract)/**', '**/gateway/*.ts'], 'renderer/ imports gateway/contract/ only') },
  { files: ['electron/**/*.{ts,cts}'], rules: restrict(['**/db/**', '**/drivers/**', '**/renderer/**', '**/gateway/!(contract)/**', '**/gateway/*.ts'], 'electron/ imports gateway/contract/ types only') },
);
