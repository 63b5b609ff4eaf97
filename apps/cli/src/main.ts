#!/usr/bin/env node
/**
 * The `pstore` command: decode, encode and lay out ramoops regions as a
 * real kernel of a chosen version would. Bad input gets one line on stderr
 * and exit code 2; never a stack trace. A reader that goes away (`| head`)
 * ends the command quietly.
 */
import { guardClosedPipes } from '@pstore/cli-kit';
import { runCli } from './run.ts';

guardClosedPipes();
process.exitCode = runCli(process.argv.slice(2));
