/**
 * @pstore/kmsg: the printk side of the kernel — the printk ring buffer, its
 * text formats, and kmsg_dump. Knows nothing about pstore.
 * Kernel counterpart: kernel/printk/ and include/linux/kmsg_dump.h.
 */
export { KMSG_ERRNO, KmsgError, type KmsgErrnoCode } from './errors.ts';
export { checkKernelVersion, kernelAtLeast, type KernelVersion } from './kernel-version.ts';
export {
  KERN_SOH,
  KERN_EMERG,
  KERN_ALERT,
  KERN_CRIT,
  KERN_ERR,
  KERN_WARNING,
  KERN_NOTICE,
  KERN_INFO,
  KERN_DEBUG,
  KERN_CONT,
  LOGLEVEL_DEFAULT,
  LOGLEVEL_EMERG,
  LOGLEVEL_ALERT,
  LOGLEVEL_CRIT,
  LOGLEVEL_ERR,
  LOGLEVEL_WARNING,
  LOGLEVEL_NOTICE,
  LOGLEVEL_INFO,
  LOGLEVEL_DEBUG,
  MESSAGE_LOGLEVEL_DEFAULT,
  LOG_KERN,
  LOG_USER,
  LOG_NEWLINE,
  LOG_CONT,
  printkGetLevel,
  parsePrefix,
  type ParsedPrefix
} from './kern-levels.ts';
export {
  CALLER_ID_CPU,
  callerTask,
  callerCpu,
  formatCallerId,
  parseCallerId
} from './caller-id.ts';
export { countLines, type DevPrintkInfo, type PrintkRecord } from './record.ts';
export { PRB_ID_BYTES, PRB_AVGBITS, textBlockSize } from './printk-ringbuffer.ts';
export {
  CONSOLE_LOG_MAX,
  PREFIX_MAX,
  PREFIX_MAX_CALLER,
  LOG_BUF_LEN_DEFAULT,
  type PrintkRingOptions,
  type PrintkOptions,
  type PrintkListener,
  type PrintkReader
} from './printk-config.ts';
export { PrintkRing } from './printk-ring.ts';
export {
  printTime,
  printCaller,
  infoPrintPrefix,
  recordPrintTextSize,
  recordPrintText,
  type PrintTextOptions,
  type PrefixInfo
} from './record-print-text.ts';
export { escapeKmsgText, devkmsgHeader, formatDevkmsgRecord } from './devkmsg-format.ts';
export { parseDevkmsgPrefix, type DevkmsgPrefix } from './devkmsg-write.ts';
export {
  parseSyslogLine,
  parseSyslogText,
  formatSyslogLine,
  type SyslogLine,
  type SyslogParseOptions,
  type SyslogText
} from './syslog-parse.ts';
export {
  KMSG_DUMP_UNDEF,
  KMSG_DUMP_PANIC,
  KMSG_DUMP_OOPS,
  KMSG_DUMP_EMERG,
  KMSG_DUMP_SHUTDOWN,
  KMSG_DUMP_MAX,
  KMSG_DUMP_RESTART,
  KMSG_DUMP_HALT,
  KMSG_DUMP_POWEROFF,
  kmsgDumpEra,
  kmsgDumpReasons,
  kmsgDumpReasonStr,
  checkKmsgDumpReason,
  kmsgDumpAdmits,
  type KmsgDumpEra,
  type KmsgDumpReasonInfo,
  type KmsgDumpPolicy
} from './kmsg-dump-reason.ts';
export { findFirstFittingSeq } from './find-first-fitting-seq.ts';
export { KmsgDumpIter } from './kmsg-dump-iter.ts';
export { KmsgDumpers, KmsgDumpFailure, type KmsgDumper, type KmsgDumpDetail } from './kmsg-dump.ts';
export { syslogPrintAll } from './syslog-read-all.ts';
export { kmsgMachine, type KmsgContext } from './actor/kmsg.machine.ts';
export { createKmsgHost } from './actor/host.ts';
export { createPrintkLog, kmsgErrorData, type PrintkLog } from './actor/printk-log.ts';
export {
  recordAt,
  textStart,
  toRecordBatch,
  type PrintkRecordBatch
} from './actor/record-batch.ts';
export {
  PROTOCOL_VERSION as KMSG_PROTOCOL_VERSION,
  DUMPER_PROTOCOL_VERSION,
  type DumperDump,
  type DumperDumped,
  type DumperFailed,
  type DumperMessage,
  type KmsgCommand,
  type KmsgErrorData,
  type KmsgEvent,
  type KmsgHello,
  type KmsgInput,
  type KmsgLogSnapshot,
  type KmsgOutput,
  type KmsgRecords,
  type KmsgRingConfig,
  type KmsgClockConfig
} from './actor/protocol.ts';
