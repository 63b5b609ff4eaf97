/**
 * @pstore/kmsg: the printk side of the kernel — the printk ring buffer, its
 * text formats, and kmsg_dump. Knows nothing about pstore.
 * Exports what README.md documents; everything else stays inside the package.
 * Kernel counterpart: kernel/printk/ and include/linux/kmsg_dump.h.
 */
export { KMSG_ERRNO, KmsgError, type KmsgErrnoCode } from './errors.ts';
export { kernelAtLeast, type KernelVersion } from './kernel-version.ts';
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
  KERN_CONT
} from './kern-levels.ts';
export { callerTask } from './caller-id.ts';
export type { DevPrintkInfo, PrintkRecord } from './record.ts';
export type {
  PrintkRingOptions,
  PrintkOptions,
  PrintkLineReader,
  PrintkReader,
  PrintkListener
} from './printk-config.ts';
export { PrintkRing } from './printk-ring.ts';
export type { PrintkRecordSink } from './printk-ringbuffer.ts';
export {
  recordPrintTextSize,
  recordPrintText,
  type PrintTextOptions
} from './record-print-text.ts';
export { formatDevkmsgRecord } from './devkmsg-format.ts';
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
  kmsgDumpReasons,
  kmsgDumpReasonStr,
  kmsgDumpAdmits,
  type KmsgDumpReasonInfo,
  type KmsgDumpPolicy
} from './kmsg-dump-reason.ts';
export { KmsgDumpIter } from './kmsg-dump-iter.ts';
export { KmsgDumpers, KmsgDumpFailure, type KmsgDumpDetail, type KmsgDumper } from './kmsg-dump.ts';
export { syslogPrintAll } from './syslog-read-all.ts';
export { kmsgMachine } from './actor/kmsg.machine.ts';
export { createKmsgHost } from './actor/host.ts';
export {
  batchTime,
  RecordBatchBuilder,
  textStart,
  type PrintkRecordBatch
} from './actor/record-batch.ts';
export {
  forEachPrintkLine,
  joinPrintkLines,
  type PrintkLineSink,
  type PrintkLines
} from './actor/printk-lines.ts';
export { LinePrinter, type LineSource } from './print-line-bytes.ts';
export {
  PROTOCOL_VERSION as KMSG_PROTOCOL_VERSION,
  DUMPER_PROTOCOL_VERSION,
  type DumperDump,
  type DumperDumped,
  type DumperMessage,
  type KmsgCommand,
  type KmsgErrorData,
  type KmsgEvent,
  type KmsgLogSnapshot,
  type KmsgRingConfig
} from './actor/protocol.ts';
