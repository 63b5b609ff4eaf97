/**
 * Test support for the commands: run a built command as a separate process,
 * as a user would, and check the bad-input contract. Node-only; the
 * assertions use vitest.
 */
export * from './bad-input.ts';
export * from './run-process.ts';
