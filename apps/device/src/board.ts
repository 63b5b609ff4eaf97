/**
 * The simulated board: persistent RAM and the kernel's workers (lifecycle in
 * board-lifecycle.ts), and the commands a script or a test runs — printk,
 * pmsg, oops, ls/cat/rm, time, kills and power cuts. A command that needs a
 * running kernel boots the board first.
 * Kernel counterpart: the machine around the kernel.
 */
import { joinPrintkLines } from '@pstore/kmsg';
import type { PstoreFileInfo } from '@pstore/pstore-fs';
import { waitFor } from 'xstate';
import { BoardLifecycle } from './board-lifecycle.ts';
import { expect } from './boot.ts';
import { PMSG_PATH, PRINTK_PATH, RAM_WRITERS, RESTARTABLE, type Component } from './components.ts';
import { DeviceError } from './hardware/ram.ts';
import { oops, type DumpOutcome } from './kernel-ops.ts';
import type { Reply } from './placement/component-link.ts';

export type { BoardOptions, BootResult } from './board-lifecycle.ts';

const encoder = new TextEncoder();
/**
 * printk lines per `kmsg.printk` message. Every message costs the kernel
 * worker a fixed ~100 µs or more on its way through kmsg, the console and
 * pstore-fs to ramoops (four ports, four actor steps, three batches packed);
 * 4096 lines share it where 256 did: the board's printk path ran 10–25 %
 * faster (paired runs of 60,000 lines, ECC off and 16). Larger batches lost
 * again (16,384: −8 %; one message: −20 %): the board then makes a batch
 * while the worker has nothing to store. kmsg's ring overflowing within a
 * batch loses nothing: each record goes to the console as it is finalized.
 */
const PRINTK_BATCH = 4096;

/** The board and the commands a script or a test runs. */
export class Board extends BoardLifecycle {
  /** printk() each line (a leading "<N>" sets the level) and wait until it is in RAM. */
  async printk(lines: readonly string[]): Promise<void> {
    const session = await this.readyFor(PRINTK_PATH);
    const port = session.kmsg;
    const ledger = this.ledger;
    const gen = this.printkGen;
    const at = ledger.printk.length;
    // Filled below, before anything can read it (nothing is awaited until every batch is sent).
    const written: string[] = [];
    const sent = session.sendingPrintk(written, at);
    let printed: Promise<Reply> | null = null;
    // Batch by batch: kmsg's worker stores one batch while this thread makes the next.
    for (let i = 0; i < lines.length; i += PRINTK_BATCH) {
      const msgs: string[] = [];
      for (const l of lines.slice(i, i + PRINTK_BATCH)) {
        // "<N>text": the level as a KERN_* prefix; other lines as they are.
        const m = l.charCodeAt(0) === 0x3c ? /^<([0-7])>(.*)$/s.exec(l) : null;
        const text = m ? m[2]! : l;
        msgs.push(m ? `\u0001${m[1]!}${text}\n` : `${text}\n`);
        ledger.printkUnacked.add(ledger.printk.length);
        ledger.printk.push(text);
        written.push(text);
      }
      // Joined: one string crosses the port instead of one per line.
      const batch = { type: 'kmsg.printk', ...joinPrintkLines(msgs) };
      // The last batch's answer counts the records kmsg holds (prb_next_seq()).
      if (i + PRINTK_BATCH >= lines.length) printed = port.request(batch);
      else port.post(batch);
    }
    const flushed = await port.request({ type: 'kmsg.flush' });
    const p = await printed;
    if (p?.type === 'kmsg.printed') session.kmsgSeq = p['nextSeq'] as number;
    await this.checkArmed();
    // Acknowledged only when the flush passed every link and the kernel is
    // still up with no worker on the way restarted meanwhile: otherwise
    // these lines were in flight when a worker stopped.
    const passed = flushed.type === 'kmsg.flushed' && flushed['broken'] === undefined;
    if (passed && this.state === 'running' && gen === this.printkGen) {
      // The flush drained the ring: every line so far is in RAM, but those a
      // restart measured lost.
      if (this.printkLost.size === 0) ledger.printkUnacked.clear();
      for (const i of ledger.printkUnacked) {
        if (!this.printkLost.has(i)) ledger.printkUnacked.delete(i);
      }
      session.printkAcked(sent);
    }
  }

  /** write(2)s to /dev/pmsg0; returns what each returned. */
  async pmsg(writes: readonly (string | Uint8Array)[]): Promise<number[]> {
    const session = await this.readyFor(PMSG_PATH);
    const bytes = writes.map((w) => (typeof w === 'string' ? encoder.encode(w) : w));
    const r = await session.pmsg.request({ type: 'pmsg.write', writes: bytes });
    await this.checkArmed();
    if (r.type !== 'pmsg.written') return bytes.map(() => -5);
    const results = r['results'] as number[];
    results.forEach((n, i) => n > 0 && this.ledger.pmsg.push(bytes[i]!.subarray(0, n)));
    return results;
  }

  /** An oops: trace, kmsg_dump(OOPS); the kernel keeps running. */
  async oops(text: string): Promise<DumpOutcome> {
    const k = (await this.running()).workers;
    const d = await oops(k, this.config, text, ++this.oopsCount);
    this.noteDump('Oops', d);
    await this.checkArmed();
    return d;
  }

  /**
   * The disk drops the write that crosses `afterBytes` more bytes, having
   * acknowledged it (pstore/blk only: a volatile write cache lost).
   */
  async loseWrite(afterBytes: number): Promise<string> {
    if (this.config.backend !== 'blk') {
      throw new DeviceError(
        'losewrite: a lost disk write needs the blk backend (device run --backend blk); RAM has no write cache'
      );
    }
    const k = (await this.running()).workers;
    expect(
      await k
        .link('pstore-blk')
        .request({ type: 'pstore-blk.arm', bytes: afterBytes, mode: 'lost' }),
      'arming the disk fault'
    );
    const words = `the disk drops the write that crosses ${afterBytes} more byte(s), acknowledging it`;
    this.ledger.faults.push({ kind: 'lost-write', words });
    return words;
  }

  /** Power cut: no shutdown path at all; RAM kept or lost. */
  async cutPower(keepRam: boolean): Promise<void> {
    if (!keepRam && this.config.backend === 'blk') {
      throw new DeviceError(
        'powercut lose: a disk keeps its contents without power; give powercut keep (the blk backend)'
      );
    }
    const words = `power cut, RAM ${keepRam ? 'kept' : 'lost'}`;
    this.ledger.faults.push({ kind: 'power-cut', ramLost: !keepRam, words });
    if (!keepRam) this.ledger.ramLost = true;
    this.ledger.end = 'power-cut';
    if (this.state === 'running' || this.state === 'booting') {
      this.actor.send({ type: 'CRASH', why: 'power cut' });
      await this.settle();
    }
    if (!keepRam) this.ram.lose();
    this.ram.save();
  }

  async ls(): Promise<PstoreFileInfo[]> {
    const k = await this.running();
    const r = expect(await k.link('pstore-fs').request({ type: 'pstore-fs.list' }), 'ls');
    return r['files'] as PstoreFileInfo[];
  }

  async cat(name: string): Promise<Uint8Array> {
    const k = await this.running();
    const r = expect(
      await k.link('pstore-fs').request({ type: 'pstore-fs.read', name }),
      `cat ${name}`
    );
    return r['data'] as Uint8Array;
  }

  async rm(name: string): Promise<void> {
    const k = await this.running();
    expect(await k.link('pstore-fs').request({ type: 'pstore-fs.unlink', name }), `rm ${name}`);
    await this.checkArmed();
  }

  /** Time passes on the board: kernel time, the wall clock and pstore's update timer. */
  async sleep(ms: number): Promise<PstoreFileInfo[]> {
    const k = await this.running();
    this.elapsedMs += ms;
    expect(await k.link('kmsg').request({ type: 'kmsg.advance', ms }), 'sleep');
    const r = expect(await k.link('pstore-fs').request({ type: 'pstore-fs.advance', ms }), 'sleep');
    // zone.c's cleaner: dirty zones are written 500 ms after they were left dirty.
    if (this.config.backend === 'blk' && ms >= 500) {
      expect(await k.link('pstore-blk').request({ type: 'pstore-blk.flush-dirty' }), 'sleep');
    }
    return r['added'] as PstoreFileInfo[];
  }

  /**
   * Kills the worker hosting `c`, now or (with `afterBytes`) once its RAM
   * layer has stored that many more bytes: it then stops dead mid-store.
   */
  async kill(c: Component, afterBytes?: number): Promise<string> {
    const k = (await this.running()).workers;
    if (afterBytes !== undefined) {
      const blk = this.config.backend === 'blk';
      const writer = blk ? 'pstore-blk' : 'ram-core';
      const target = k.placement === 'single' ? writer : c;
      if (!RAM_WRITERS.has(target) || (blk && target !== 'pstore-blk')) {
        const writers = blk ? 'pstore-blk' : 'ramoops/ram-core';
        throw new DeviceError(
          `kill ${c} ${afterBytes}: the ${c} worker never stores to ${blk ? 'the disk' : 'RAM'} in the ` +
            `per-component placement (its writes travel to ${blk ? 'pstore-blk' : 'ramoops'}); ` +
            `give no byte count, or kill ${writers}`
        );
      }
      const arm = blk
        ? { type: 'pstore-blk.arm', bytes: afterBytes, mode: 'torn' }
        : { type: target === 'ram-core' ? 'ram-core.arm' : 'ramoops.arm', bytes: afterBytes };
      expect(await k.link(target).request(arm), 'arming the write budget');
      this.armed = target;
      this.ledger.faults.push({
        kind: 'torn',
        component: c,
        words: blk
          ? `${c}'s worker armed to stop dead in the disk write crossing ${afterBytes} more bytes`
          : `${c}'s worker armed to stop dead after ${afterBytes} more bytes stored`
      });
      return blk
        ? `${c}: its worker stops dead in the disk write that crosses ${afterBytes} more byte(s) (whole sectors before the cut land)`
        : `${c}: its worker stops dead after storing ${afterBytes} more byte(s) to RAM`;
    }
    const mates = k.workerMates(c);
    if (k.placement === 'per-component' && RESTARTABLE.has(c)) {
      const words = `${c}'s worker killed and restarted`;
      this.ledger.faults.push({ kind: 'kill', component: c, restarted: true, words });
      // printk calls under way are not acknowledged by their own flush.
      if (PRINTK_PATH.has(c)) this.printkGen++;
      await k.terminate(c);
      this.actor.send({ type: 'COMPONENT_DIED', component: c, why: 'killed' });
      await waitFor(this.actor, (s) => !s.matches({ running: 'restarting' }));
      return `${c}: worker killed; the supervisor broke its locks and restarted it`;
    }
    const words = `${c}'s worker killed (with ${mates.join(', ')})`;
    this.ledger.faults.push({ kind: 'kill', component: c, restarted: false, words });
    this.ledger.end = 'crash';
    this.actor.send({ type: 'CRASH', why: `${c} worker killed` });
    await this.settle();
    return `${c}: worker killed; the kernel is down (${mates.length} component(s) with it)`;
  }
}
