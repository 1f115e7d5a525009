const path = require('node:path');
const swcOptions = require('./tools/build/swc-options.js');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    path.join(__dirname, target),
  ]),
);

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcOptions('commonjs')] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['**/?(*.)+(spec).ts'],
  // A guard against hangs, not a speed assertion (speed is measured in tools/): suites that drive
  // real servers share two cores with everything else, and 5 s timed out healthy tests there.
  testTimeout: 30_000,
};
