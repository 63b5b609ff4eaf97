/**
 * Nothing in the workspace is left unused: knip (configured in knip.jsonc at the root) finds no
 * unused file, export, exported type or dependency, no unlisted dependency or binary, and no
 * configuration hint (an ignore that no longer matches anything is a finding too). Its report is
 * printed when it finds something, so the failure says what to remove.
 * Kernel counterpart: none.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KNIP = join(ROOT, 'node_modules/knip/bin/knip.js');

/** knip reads every project's sources (about 6 s here): give a busy machine time. */
const KNIP_TIMEOUT_MS = 120_000;

describe('the workspace', () => {
  it(
    'has nothing knip reports',
    () => {
      // Run as `pnpm knip` does, from the root, without the progress line or colours, so the
      // report is plain text; its exit status is 0 only when it found nothing.
      const r = spawnSync(
        process.execPath,
        [KNIP, '--no-progress', '--treat-config-hints-as-errors'],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
          maxBuffer: 16 * 1024 * 1024
        }
      );
      expect(r.error).toBeUndefined();
      const report = `${r.stdout}${r.stderr}`.trim();
      expect({ status: r.status, report }).toEqual({ status: 0, report: '' });
    },
    KNIP_TIMEOUT_MS
  );
});
