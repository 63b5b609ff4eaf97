/**
 * The component protocol, in one thread over real MessageChannels: the hello
 * handshake refuses a peer of another protocol version, errors cross as data
 * ({code, errno, message}), a component that dies answers what is
 * pending with a failure instead of leaving its peers waiting, and a peer
 * whose worker died and was restarted has what was sent to the dead one
 * answered for it.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createActorHost, type ActorHost, type ActorMessage } from '@pstore/actor';
import { createKmsgHost, KMSG_PROTOCOL_VERSION, kmsgMachine } from '@pstore/kmsg';
import { createConsoleHost } from '@pstore/console';
import { createPstoreFsHost } from '@pstore/pstore-fs';
import { createRamCoreHost } from '@pstore/ram-core';
import { createRamoopsHost } from '@pstore/ramoops';
import { deviceConfig } from '../src/device-config.ts';

async function link(a: ActorHost, b: ActorHost, downstream = false) {
  const { port1, port2 } = new MessageChannel();
  return Promise.all([a.connect(port1, downstream), b.connect(port2, false)]);
}

describe('the hello handshake', () => {
  it('links components that speak the same versions and reports each one', async () => {
    const [toConsole, toKmsg] = await link(createKmsgHost(), createConsoleHost());
    expect(toConsole).toMatchObject({
      type: 'console.hello',
      component: 'console',
      wants: ['kmsg.records']
    });
    expect(toKmsg).toMatchObject({
      type: 'kmsg.hello',
      protocols: { kmsg: KMSG_PROTOCOL_VERSION }
    });
  });

  it('refuses a peer that speaks another protocol version, as data', async () => {
    const oldKmsg = createActorHost({
      component: 'kmsg',
      logic: kmsgMachine,
      protocols: { kmsg: 99 },
      expects: {},
      wants: []
    });
    const [, fromConsole] = await link(oldKmsg, createConsoleHost());
    expect(fromConsole).toEqual({
      code: 'EPROTO',
      errno: 71,
      message: `link refused: kmsg protocol 99, console speaks ${KMSG_PROTOCOL_VERSION}`
    });
  });
});

describe('errors as data', () => {
  it('answers a command before boot with {code, errno, message}', async () => {
    const reply = await createKmsgHost().request({ type: 'kmsg.printk', lines: ['x\n'] });
    expect(reply).toMatchObject({
      type: 'kmsg.failed',
      cause: 'kmsg.printk',
      error: { code: 'EINVAL', errno: 22, message: 'kmsg is not booted: send kmsg.boot first' }
    });
  });

  it('answers a read of a missing pstore file with ENOENT', async () => {
    const fs = createPstoreFsHost();
    await fs.request({
      type: 'pstore-fs.boot',
      kernel: { major: 6, minor: 12, sublevel: 0 },
      params: {},
      alwaysKmsgDump: false,
      wall: { sec: 0, nsec: 0 }
    });
    const reply = await fs.request({ type: 'pstore-fs.read', name: 'dmesg-ramoops-7' });
    expect(reply).toMatchObject({ type: 'pstore-fs.failed', error: { code: 'ENOENT', errno: 2 } });
  });

  it('answers pending requests with a failure when a write budget stops the backend dead', async () => {
    const cfg = deviceConfig();
    const ramoops = createRamoopsHost();
    const ramCore = createRamCoreHost();
    await link(ramoops, ramCore);
    const crashes: ActorMessage[] = [];
    ramoops.subscribe((e) => crashes.push(e), ['ramoops.crashed']);
    const probed = await ramoops.request({
      type: 'ramoops.probe',
      ram: new SharedArrayBuffer(cfg.config.memSize),
      locks: new SharedArrayBuffer(4 * cfg.layout.zones.length),
      owner: 1,
      config: cfg.config,
      kernel: cfg.kernel,
      nrCpus: 1,
      endian: 'little',
      longBytes: 8
    });
    expect(probed.type).toBe('ramoops.probed');
    await ramoops.request({ type: 'ramoops.arm', bytes: 10 });
    const record = {
      type: 7,
      id: 0,
      time: null,
      buf: new Uint8Array(0),
      size: 40,
      eccNoticeSize: 0,
      count: 0,
      reason: 0,
      part: 0,
      compressed: false
    };
    const reply = await ramoops.request({
      type: 'backend.writeUser',
      writes: [{ record, buf: new Uint8Array(40).fill(65) }]
    });
    expect(reply).toMatchObject({ type: 'backend.failed', error: { code: 'EIO', errno: 5 } });
    expect(crashes).toHaveLength(1);
    expect(JSON.stringify(crashes[0])).toMatch(
      /write budget exhausted: stopped after \d+ of \d+ bytes/
    );
    expect(ramoops.status().alive).toBe(false);
  });
});

/**
 * A peer that says hello and then never answers, as a worker that died with
 * its port still linked: what is sent to it is lost.
 */
function deadPeer(host: ActorHost, hello: object, downstream = false): MessagePort {
  const { port1, port2 } = new MessageChannel();
  void host.connect(port1, downstream);
  port2.postMessage(hello);
  return port2;
}

describe('a peer restarted in a new worker', () => {
  const KMSG_BOOT = {
    type: 'kmsg.boot',
    kernel: { major: 6, minor: 12, sublevel: 0 },
    ring: {},
    clock: { startNs: 0, stepNs: 1000 },
    alwaysKmsgDump: false
  };

  it('lets a barrier stuck on the dead link pass, marked broken', async () => {
    const kmsg = createKmsgHost();
    await kmsg.request(KMSG_BOOT);
    const consoleHello = createConsoleHost().hello();
    const dead = deadPeer(kmsg, consoleHello, true);
    await new Promise((r) => setTimeout(r, 20));
    const flushed = kmsg.request({ type: 'kmsg.flush' });
    await new Promise((r) => setTimeout(r, 20));
    const fresh = createConsoleHost();
    await link(kmsg, fresh, true);
    expect(await flushed).toMatchObject({
      type: 'kmsg.flushed',
      broken: "console's worker died: what was sent to it is lost"
    });
    // The new link carries the next barrier, whole.
    expect(await kmsg.request({ type: 'kmsg.flush' })).not.toHaveProperty('broken');
    dead.close();
  });

  it('fails a command the dead peer never answered with EIO, so its sender goes on', async () => {
    const console = createConsoleHost();
    await console.request({ type: 'console.boot', ring: {}, options: {} });
    const dead = deadPeer(console, createKmsgHost().hello());
    await new Promise((r) => setTimeout(r, 20));
    // Registering logs "console [x0] enabled" to kmsg and waits for kmsg's answer.
    const registered = console.request({
      type: 'console.register',
      name: 'x',
      index: 0,
      flags: 4
    });
    await new Promise((r) => setTimeout(r, 20));
    const kmsg = createKmsgHost();
    await kmsg.request(KMSG_BOOT);
    await link(kmsg, console, true);
    expect(await registered).toMatchObject({
      type: 'console.failed',
      error: {
        code: 'EIO',
        errno: 5,
        message: "kmsg.printk unanswered: kmsg's worker died and was restarted"
      }
    });
    dead.close();
  });
});
