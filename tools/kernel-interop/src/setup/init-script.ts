/**
 * The guest's /init (busybox sh). It loads the modules listed in
 * /modules.list, passing ramoops.ko the ramoops.* words of /proc/cmdline
 * (busybox insmod does not read them itself); with pstore_blk.* words it
 * loads pstore_blk.ko with them instead of ramoops.ko (one pstore backend
 * at a time). Then it mounts pstore and obeys
 * one-line commands from the host on the serial console:
 *
 *   report     every /sys/fs/pstore file as `@@FILE name size mtime`, its bytes
 *              base64-encoded, `@@FILE-END`; then the pstore/ramoops kernel log
 *   kmsg TEXT  a line into the kernel log (/dev/kmsg)
 *   pmsg TEXT  a line into /dev/pmsg0
 *   oops       an oops through lkdtm (the shell survives; the child dies)
 *   sync       sync(2): an oops once the host has patched sys_sync (Debian kernels lack lkdtm)
 *   panic      sysrq-c
 *   poweroff   power off without syncing
 *   sh CMD     any other shell command
 *
 * Every prompt is `@@READY`. Kernel messages are kept off the console
 * (printk level 1) except emergencies, so the panic is still visible.
 */

export const INIT_SCRIPT = `#!/bin/busybox sh
/bin/busybox mkdir -p /bin /sbin /proc /sys /dev /tmp
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "1 4 1 7" > /proc/sys/kernel/printk
stty -echo 2>/dev/null
P=""
B=""
for w in $(cat /proc/cmdline); do
  case "$w" in
    ramoops.*) P="$P \${w#ramoops.}" ;;
    pstore_blk.*) B="$B \${w#pstore_blk.}" ;;
  esac
done
echo "@@BOOT $(uname -r)"
for m in $(cat /modules.list); do
  case "$m" in
    ramoops.ko)
      [ -n "$B" ] && continue
      insmod "/lib/modules/$m" $P || echo "@@ERROR insmod $m$P failed" ;;
    pstore_blk.ko)
      [ -z "$B" ] && continue
      insmod "/lib/modules/$m" $B || echo "@@ERROR insmod $m$B failed" ;;
    *)
      insmod "/lib/modules/$m" || echo "@@ERROR insmod $m failed" ;;
  esac
done
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t pstore pstore /sys/fs/pstore || echo "@@ERROR mount -t pstore failed"
F=""
[ -c /dev/pmsg0 ] && F="$F pmsg"
grep -qE 'ramoops|pstore' /proc/consoles 2>/dev/null && F="$F console"
[ -e /sys/kernel/debug/pstore/record_ftrace ] && F="$F ftrace"
[ -e /sys/kernel/debug/provoke-crash/DIRECT ] && F="$F lkdtm"
echo "@@FEATURES$F"

report() {
  echo "@@REPORT-BEGIN"
  for f in /sys/fs/pstore/*; do
    [ -f "$f" ] || continue
    echo "@@FILE \${f##*/} $(stat -c '%s %Y' "$f")"
    base64 "$f"
    echo "@@FILE-END"
  done
  echo "@@KLOG-BEGIN"
  dmesg | grep -iE 'pstore|ramoops|persistent_ram|ecc|error in header'
  echo "@@KLOG-END"
  echo "@@REPORT-END"
}

while :; do
  echo "@@READY"
  IFS= read -r line || { sleep 1; continue; }
  cmd="\${line%% *}"
  arg=""
  [ "$cmd" != "$line" ] && arg="\${line#* }"
  case "$cmd" in
    report) report ;;
    kmsg) echo "$arg" > /dev/kmsg ;;
    pmsg) printf '%s\\n' "$arg" > /dev/pmsg0 || echo "@@ERROR pmsg write failed" ;;
    oops) sh -c 'echo EXCEPTION > /sys/kernel/debug/provoke-crash/DIRECT' ;;
    sync) sync ;;
    panic) echo c > /proc/sysrq-trigger ;;
    poweroff) poweroff -f -n ;;
    sh) eval "$arg" ;;
    "") ;;
    *) echo "@@ERROR unknown command $cmd" ;;
  esac
done
`;
