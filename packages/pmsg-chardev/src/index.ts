/**
 * @pstore/pmsg-chardev — /dev/pmsg0 (fs/pstore/pmsg.c), and renderPmsg() to show a pmsg record
 * as raw bytes or, through @pstore/android-logger, as the logcat lines of Android's frames.
 * Exports what README.md documents; everything else stays inside the package.
 */
export {
  MAX_RW_COUNT,
  O_RDONLY,
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
export { pmsgMachine } from './actor/pmsg.machine.ts';
export { createPmsgHost } from './actor/host.ts';
export { PROTOCOL_VERSION as PMSG_PROTOCOL_VERSION } from './actor/protocol.ts';
