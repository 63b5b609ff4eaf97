#!/usr/bin/env node
/**
 * The `device` command: a simulated board with persistent RAM and the pstore
 * kernel components in worker threads. Bad input gets one line on stderr and
 * exit code 2; never a stack trace. A reader that goes away (`| head`) ends
 * the output quietly; the board still finishes and writes its RAM back.
 */
import { guardClosedPipes } from '@pstore/cli-kit';
import { runDevice } from './cli/device.ts';

guardClosedPipes();
process.exitCode = await runDevice(process.argv.slice(2));
