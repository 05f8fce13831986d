/** `npm run conformance:cloud`: the database conformance suite against a real CloudBase environment. */
const missing = ['TCB_ENV', 'TCB_SECRET_ID', 'TCB_SECRET_KEY'].filter((k) => !process.env[k]);
if (missing.length) {
  throw new Error(`conformance:cloud needs a CloudBase environment: set ${missing.join(', ')}`);
}
const base = require('../../jest.config.js');
module.exports = { ...base, rootDir: '../..', roots: ['<rootDir>/tests/conformance'], testMatch: ['**/cloud.conformance.ts'], testTimeout: 300000 };
