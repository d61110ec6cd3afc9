// ESLint (flat config), run by `npm run lint` with `--config .eslint.config.mjs` so the top level keeps
// the layout the design fixes. Formatting is Prettier's (settings in package.json), not ESLint's.
import js from '@eslint/js'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/**', 'public/build/**', '.cache/**', '.data/**', 'node_modules/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      ...jsxA11y.flatConfigs.recommended.rules,
    },
  },
  {
    // Code that reaches the browser never imports a server module: only routes (whose loaders and
    // actions the compiler strips), the root, the server entry and *.server files themselves may.
    files: ['app/**/*.{ts,tsx}'],
    // (app/cli holds operations commands run by tsx on the server, never bundled)
    ignores: ['app/routes/**', 'app/root.tsx', 'app/entry.server.tsx', 'app/**/*.server.{ts,tsx}', 'app/cli/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '\\.server(\\.[jt]sx?)?$', allowTypeImports: true, message: '浏览器端代码不能引入 *.server 模块（服务器代码）' },
          ],
        },
      ],
    },
  },
  {
    // Kysely's own advice: a migration takes Kysely<any>, never the app's current Database type, so that
    // it keeps meaning what it meant when it landed.
    files: ['db/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // db/ is the schema, its client and the migrator: it never imports the app (its settings come from
    // app/env.server.ts, which imports nothing of the app) (seeding lives in seeds/,
    // the scale generator in tests/bench/, operations commands in app/cli/). One landed migration
    // imports the catalogue's name matcher; it is frozen (tests/unit/migrations-frozen.test.ts), so it
    // keeps that import and is the one exception.
    files: ['db/**/*.ts'],
    ignores: ['db/migrations/20261130140000_certificate_catalogue.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)app/(?!env\\.server)',
              message: 'db/ 不引入应用模块（种子数据在 seeds/，运维命令在 app/cli/；环境变量在 app/env.server.ts）',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may write `any` in a callback's parameter, but never cast to it: run() and dataOf() are typed
    // from the handler (tests/integration/requests.ts), so a cast would only hide a wrong shape.
    files: ['tests/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSAsExpression > TSAnyKeyword', message: '测试中不用 as any：run()/dataOf() 已有类型' },
      ],
    },
  },
)
