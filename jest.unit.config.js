/**
 * The fast tier (`npm run test:unit`): the domain, integration, cloud and conformance tests, with no
 * browser and no page build. `npm test` runs these and the rest: the page tests (miniprogram-simulate
 * on the weapp build), the browser tests, and the restart test (it runs `npm start`'s program, which
 * builds the pages).
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  globalSetup: undefined,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/e2e/', '<rootDir>/tests/weapp/', '<rootDir>/tests/integration/restart.test.ts'],
};
