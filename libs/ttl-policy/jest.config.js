module.exports = {
  displayName: 'ttl-policy',
  preset: '../../jest.preset.js',
  rootDir: '.',
  roots: ['<rootDir>/src'],
};
