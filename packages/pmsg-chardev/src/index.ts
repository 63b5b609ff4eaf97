/**
 * @pstore/pmsg-chardev — /dev/pmsg0 (fs/pstore/pmsg.c) and what Android writes through it:
 * liblog's logger frames, decoded from pmsg-ramoops-0 and rendered as logcat does.
 */
export {
  ANDROID_LOG_PMSG_FILE_MAX_SEQUENCE,
  ANDROID_LOG_PMSG_FILE_SEQUENCE,
  EVENT_TYPE,
  FRAME_HEADER_SIZE,
  isBinaryLogId,
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
  type PmsgFileChunk,
  type UnparsedRange,
  type UnparsedReason
} from './android/abi.ts';
export {
  decodeAndroidPmsg,
  looksLikeAndroidPmsg,
  type LooksLikeAndroidPmsgOptions
} from './android/decode.ts';
export {
  encodeAndroidPmsgFrame,
  type AndroidBinaryFrameInput,
  type AndroidFrameFields,
  type AndroidFrameInput,
  type AndroidTextFrameInput,
  type EncodeFrameOptions
} from './android/encode.ts';
export {
  decodeAndroidEvent,
  encodeAndroidEvent,
  type AndroidEventInput,
  type DecodedEvent
} from './android/event.ts';
export { PmsgError, type PmsgErrno } from './android/errors.ts';
export { formatLogcat, type LogcatFormatOptions } from './android/logcat.ts';
export {
  encodePmsgFile,
  pmsgFileTag,
  reassemblePmsgFiles,
  type PmsgFile,
  type PmsgFileWriteInput
} from './android/pmsg-file.ts';
export {
  MAX_RW_COUNT,
  O_ACCMODE,
  O_RDONLY,
  O_RDWR,
  O_WRONLY,
  PMSG_DEVNODE,
  PMSG_DEVNODE_MODE,
  PMSG_NAME,
  PmsgDevice,
  PmsgOpenFile,
  type PmsgCore,
  type PmsgCredentials,
  type PmsgDeviceOptions,
  type PmsgNodeOptions
} from './pmsg-device.ts';
export {
  createPmsgFrontend,
  PmsgFrontend,
  type DevNodes,
  type PmsgFrontendOptions
} from './pmsg-frontend.ts';
export { createPmsgLock, PMSG_LOCK_WORDS, type PmsgLock } from './pmsg-lock.ts';
export { PMSG_ERRNO, PmsgDeviceError, pmsgErrnoName, type PmsgDeviceErrno } from './pmsg-errno.ts';
export {
  renderPmsg,
  type PmsgFormat,
  type PmsgRendering,
  type RenderPmsgOptions
} from './render-pmsg.ts';
export {
  pmsgMachine,
  type PmsgContext,
  type PmsgInput,
  type PmsgOutput
} from './actor/pmsg.machine.ts';
export { createPmsgHost } from './actor/host.ts';
export { createRemoteCore, type RemoteCore } from './actor/remote-core.ts';
export {
  PROTOCOL_VERSION as PMSG_PROTOCOL_VERSION,
  type PmsgCommand,
  type PmsgErrorData,
  type PmsgEvent,
  type PmsgHello
} from './actor/protocol.ts';
