import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

/**
 * The dependency arrows between projects (DESIGN §10), each scope listing what it may import:
 * apps → warming → context-cache → tiers, ttl-policy, volatility, contexts → database; apps →
 * cache-manager → tiers; apps → observability → warming (its figures on /metrics).
 */
const MAY_DEPEND_ON = {
  'scope:database': [],
  'scope:contexts': ['scope:database'],
  'scope:tiers': ['scope:database'],
  'scope:cache-manager': ['scope:tiers', 'scope:database'],
  'scope:ttl-policy': [],
  'scope:volatility': ['scope:contexts', 'scope:database'],
  'scope:platform': ['scope:contexts', 'scope:database'],
  'scope:context-cache': [
    'scope:tiers',
    'scope:ttl-policy',
    'scope:volatility',
    'scope:contexts',
    'scope:database',
  ],
  // Observability reads warming's figures for /metrics; warming never reads observability.
  'scope:observability': [
    'scope:warming',
    'scope:tiers',
    'scope:contexts',
    'scope:database',
    'scope:platform',
  ],
  'scope:warming': [
    'scope:context-cache',
    'scope:tiers',
    'scope:ttl-policy',
    'scope:volatility',
    'scope:contexts',
    'scope:database',
  ],
};
const EVERY_LIBRARY = Object.keys(MAY_DEPEND_ON);
// Deployables and tools sit on top and may use any library.
MAY_DEPEND_ON['scope:app'] = EVERY_LIBRARY;
MAY_DEPEND_ON['scope:tools'] = EVERY_LIBRARY;

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
          depConstraints: Object.entries(MAY_DEPEND_ON).map(([sourceTag, tags]) => ({
            sourceTag,
            onlyDependOnLibsWithTags: tags,
          })),
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  prettier,
];
