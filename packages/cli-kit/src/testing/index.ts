/**
 * Test support for the commands: run a built command as a separate process,
 * as a user would. Node-only.
 */
export * from './run-process.ts';
