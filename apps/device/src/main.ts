#!/usr/bin/env node
/**
 * The `device` command: a simulated board with persistent RAM and the pstore
 * kernel components in worker threads. Bad input gets one line on stderr and
 * exit code 2; never a stack trace.
 */
import { runDevice } from './cli/device.ts';

process.exitCode = await runDevice(process.argv.slice(2));
