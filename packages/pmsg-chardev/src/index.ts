/**
 * @pstore/pmsg-chardev — /dev/pmsg0 (fs/pstore/pmsg.c), and renderPmsg() to show a pmsg record
 * as raw bytes or, through @pstore/android-logger, as the logcat lines of Android's frames.
 */
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
