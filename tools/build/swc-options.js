// One SWC configuration for the bundler and for Jest, so that tests run the code the way it ships.
// SWC (unlike esbuild alone) emits the decorator metadata that Nest's injector and class-validator read.
module.exports = function swcOptions(moduleType) {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: moduleType },
    sourceMaps: 'inline',
  };
};
