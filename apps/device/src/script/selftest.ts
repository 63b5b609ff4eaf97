/**
 * The kernel's pstore selftests, run on the board: before the crash a
 * console named after the backend is registered and /dev/pmsg0 exists; a
 * uuid goes to pmsg; the kernel panics; after the reboot dmesg-, console-
 * and pmsg-<backend>-0 exist, dmesg and console contain "---[ end trace",
 * pmsg holds the uuid exactly once, and every file can be removed.
 * Kernel counterpart: tools/testing/selftests/pstore (pstore_tests,
 * pstore_crash_test, pstore_post_reboot_tests).
 */
import type { Board } from '../board.ts';
import type { Out } from './runner.ts';

const decoder = new TextDecoder();

function uuid(board: Board): string {
  const h = (n: number) => Array.from({ length: n }, () => board.rng.int(16).toString(16)).join('');
  return `${h(8)}-${h(4)}-4${h(3)}-a${h(3)}-${h(12)}`;
}

/** Runs the selftests; returns how many checks failed. */
export async function selftest(board: Board, out: Out): Promise<number> {
  let failed = 0;
  const check = (ok: boolean, what: string) => {
    out(`selftest: ${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failed++;
  };
  const before = await board.boot();
  const backend = before.backend.name;
  check(
    before.frontends.some((f) => f === `console ${backend}-1` || f === 'console pstore-1'),
    `a console named after the backend (${backend}) is registered`
  );
  check(before.frontends.includes('/dev/pmsg0'), '/dev/pmsg0 exists');
  const id = uuid(board);
  const pattern = `Testing pstore: uuid=${id}`;
  const [n] = await board.pmsg([`${pattern}\n`]);
  check((n ?? -1) > 0, `"${pattern}" written to /dev/pmsg0`);
  await board.panic('sysrq triggered crash');
  check(board.is('crashed'), 'the kernel panicked and the board crashed');
  const after = await board.reboot();
  const names = after.files.map((f) => f.name);
  for (const type of ['dmesg', 'console', 'pmsg']) {
    check(names.includes(`${type}-${backend}-0`), `${type}-${backend}-0 exists`);
  }
  for (const name of names.filter((n) => /^(dmesg|console)-/.test(n))) {
    const text = decoder.decode(await board.cat(name));
    check(text.includes('---[ end trace'), `${name} contains "---[ end trace"`);
  }
  if (names.includes(`pmsg-${backend}-0`)) {
    const text = decoder.decode(await board.cat(`pmsg-${backend}-0`));
    const count = text.split('Testing pstore: uuid=').length - 1;
    check(count === 1 && text.includes(pattern), `pmsg-${backend}-0 holds the uuid exactly once`);
  }
  for (const name of names.filter((n) => n.includes(`-${backend}-`))) {
    let ok = true;
    try {
      await board.rm(name);
    } catch {
      ok = false;
    }
    check(ok, `rm ${name}`);
  }
  check((await board.ls()).length === 0, 'no file is left');
  out(`selftest: ${failed ? `${failed} check(s) failed` : 'all checks passed'}`);
  return failed;
}
