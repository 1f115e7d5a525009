import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/coverage'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'scope:app',
              onlyDependOnLibsWithTags: [
                'scope:warming',
                'scope:context-cache',
                'scope:tiers',
                'scope:ttl-policy',
                'scope:volatility',
                'scope:contexts',
                'scope:platform',
                'scope:database',
              ],
            },
            {
              sourceTag: 'scope:tools',
              onlyDependOnLibsWithTags: [
                'scope:warming',
                'scope:context-cache',
                'scope:tiers',
                'scope:ttl-policy',
                'scope:volatility',
                'scope:contexts',
                'scope:platform',
                'scope:database',
              ],
            },
            {
              sourceTag: 'scope:warming',
              onlyDependOnLibsWithTags: [
                'scope:context-cache',
                'scope:tiers',
                'scope:ttl-policy',
                'scope:volatility',
                'scope:contexts',
              ],
            },
            {
              sourceTag: 'scope:context-cache',
              onlyDependOnLibsWithTags: [
                'scope:tiers',
                'scope:ttl-policy',
                'scope:volatility',
                'scope:contexts',
                'scope:database',
              ],
            },
            {
              sourceTag: 'scope:platform',
              onlyDependOnLibsWithTags: ['scope:contexts', 'scope:database'],
            },
            {
              sourceTag: 'scope:volatility',
              onlyDependOnLibsWithTags: ['scope:contexts', 'scope:database'],
            },
            { sourceTag: 'scope:contexts', onlyDependOnLibsWithTags: ['scope:database'] },
            { sourceTag: 'scope:database', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:tiers', onlyDependOnLibsWithTags: ['scope:database'] },
            { sourceTag: 'scope:ttl-policy', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  prettier,
];
