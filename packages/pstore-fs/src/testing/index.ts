/**
 * @pstore/pstore-fs/testing — test support for whatever meets the backend contract: records as
 * the pstore core hands them to a backend, a backend that keeps every record it is given, and
 * the PstoreError a refused call throws.
 * For tests only (the core's own, a backend's, and the integration tests'); built from the
 * contract alone, like a backend, and free of any test runner.
 * Kernel counterpart: none (test set-up).
 */
export { dumpRecord, streamRecord, type DumpRecordOptions } from './records.ts';
export { pstoreErrorOf } from './pstore-error-of.ts';
export { RecordingBackend } from './recording-backend.ts';
