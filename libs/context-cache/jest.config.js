module.exports = {
  displayName: 'context-cache',
  preset: '../../jest.preset.js',
  rootDir: '.',
  roots: ['<rootDir>/src'],
};
