// Every test file runs with the storage pool keeping arrays of any size (the default keeps only arrays of 256 KB or
// more, which few tests make): every cotangent the backward pass releases is handed out again by the next
// allocation of its size, so that a release of storage something still reads would change some test's numbers.
// packages/core/test/pool.test.ts checks the default threshold.
import { storagePool } from '@twingrad/core';

storagePool.minBytes = 0;
