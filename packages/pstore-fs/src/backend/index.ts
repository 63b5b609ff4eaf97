/**
 * @pstore/pstore-fs/backend — the contract between pstore and its backends:
 * records, types, flags and struct pstore_info. Backends and frontends depend
 * on this subpath only.
 */
export {
  PSTORE_TYPE,
  PSTORE_TYPE_NAMES,
  pstoreNameToType,
  pstoreRecordInit,
  pstoreTypeName,
  type PstoreRecord,
  type PstoreTypeId,
  type Timespec
} from './record.ts';
export { PSTORE_FLAGS, type PstoreInfo } from './pstore-info.ts';
export { packRecords, unpackRecords, type PstoreRecordBatch } from './record-batch.ts';
