/** The fault-injection suites (`npm run test:faults`): the same services, longer runs, kept out of `npm test`. */
const base = require('./jest.config');

module.exports = { ...base, testMatch: ['**/faults/*.faults.ts'], testTimeout: 300_000 };
