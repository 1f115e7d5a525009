module.exports = {
  displayName: 'cache-manager',
  preset: '../../jest.preset.js',
  rootDir: '.',
  roots: ['<rootDir>/src'],
};
