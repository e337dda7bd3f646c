/** Loket's preset: Node as the test environment, and the ES module Loket's NLU loads made CommonJS for jest. */
module.exports = {
  preset: 'loket',
  testMatch: ['<rootDir>/test/**/*.test.js'],
  testTimeout: 60000,
};
