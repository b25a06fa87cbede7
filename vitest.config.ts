import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}/src/index.ts`, import.meta.url));

// Tests run against the sources (no build needed); `pnpm test` type-checks and builds first anyway.
export default defineConfig({
  resolve: {
    alias: {
      '@twingrad/core': src('core'),
      '@twingrad/tf': src('tf'),
      '@twingrad/torch': src('torch'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tests/**/*.test.ts', 'examples/test/**/*.test.ts', 'benchmarks/test/**/*.test.ts'],
    testTimeout: 60_000,
    setupFiles: ['./tests/setup.ts'],
    pool: 'forks',
    // full collections for the memory checks that read the heap (benchmarks/test/smoke.test.ts's heapGrowth)
    execArgv: ['--expose-gc'],
  },
});
