/**
 * Vitest settings every project shares.
 *
 * - Sibling packages resolve to their TypeScript sources through the
 *   `development` export condition (Vitest 4 runs tests in its SSR
 *   environment, so the condition goes under `ssr.resolve`).
 * - Each project writes a JSON report that `.ci/run` sums into its final
 *   `N passed, N failed` line.
 */
import { defineConfig } from 'vitest/config';

export function projectConfig(name: string) {
  return defineConfig({
    resolve: { conditions: ['development'] },
    ssr: { resolve: { conditions: ['development'] } },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
      testTimeout: 30_000
    }
  });
}
