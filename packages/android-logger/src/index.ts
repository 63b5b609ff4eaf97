/**
 * @pstore/android-logger — the logger frames Android's liblog writes to /dev/pmsg0: decoded
 * from a pmsg record (pmsg-ramoops-0), encoded as liblog writes them, and printed the way
 * `logcat -v threadtime` prints them. A pure format: it knows nothing of pstore, so anything
 * holding pmsg bytes can use it. Re-exports only, of what README.md documents.
 * Kernel counterpart: none (fs/pstore/pmsg.c stores whatever user space writes). Android
 * counterpart: AOSP liblog (pmsg_writer.cpp, pmsg_reader.cpp, logprint.cpp).
 */
export {
  ANDROID_LOG_PMSG_FILE_MAX_SEQUENCE,
  ANDROID_LOG_PMSG_FILE_SEQUENCE,
  EVENT_TYPE,
  FRAME_HEADER_SIZE,
  LOG_HEADER_SIZE,
  LOG_ID_NAMES,
  LOGGER_ENTRY_MAX_PAYLOAD,
  LOGGER_ENTRY_MAX_PAYLOAD_LEGACY,
  LOGGER_MAGIC,
  PMSG_HEADER_SIZE,
  type AndroidBinaryFrame,
  type AndroidEventValue,
  type AndroidLogFrame,
  type AndroidPmsgDecodeResult,
  type AndroidTextFrame,
  type LogIdName,
  type UnparsedRange,
  type UnparsedReason
} from './abi.ts';
export {
  decodeAndroidPmsg,
  looksLikeAndroidPmsg,
  type LooksLikeAndroidPmsgOptions
} from './decode.ts';
export {
  encodeAndroidPmsgFrame,
  type AndroidBinaryFrameInput,
  type AndroidFrameInput,
  type AndroidTextFrameInput,
  type EncodeFrameOptions
} from './encode.ts';
export {
  decodeAndroidEvent,
  encodeAndroidEvent,
  type AndroidEventInput,
  type DecodedEvent
} from './event.ts';
export { PmsgError, type PmsgErrno } from './errors.ts';
export { formatLogcat, type LogcatFormatOptions } from './logcat.ts';
export {
  encodePmsgFile,
  pmsgFileTag,
  reassemblePmsgFiles,
  type PmsgFile,
  type PmsgFileWriteInput
} from './pmsg-file.ts';
