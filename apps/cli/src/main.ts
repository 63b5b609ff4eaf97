#!/usr/bin/env node
/**
 * The `pstore` command: decode, encode and lay out ramoops regions as a
 * real kernel of a chosen version would. Bad input gets one line on stderr
 * and exit code 2; never a stack trace.
 */
import { runCli } from './run.ts';

process.exitCode = runCli(process.argv.slice(2));
