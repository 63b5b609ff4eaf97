/**
 * The actor host over real MessageChannel pairs, with two toy components:
 * the hello handshake and its refusal, request/reply, commands routed to
 * the peer that accepts their prefix, facts to the peers that want them,
 * the flush barrier, a crash and a stop answered as data, and a replaced
 * link answering what the dead peer never did.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { type ActorHost, type ActorMessage } from '../src/index.ts';
import { createEchoHost, createStoreHost } from './toy-components.ts';

async function link(a: ActorHost, b: ActorHost, downstream = false) {
  const { port1, port2 } = new MessageChannel();
  return Promise.all([a.connect(port1, downstream), b.connect(port2, false)]);
}

/** A peer that says hello and then never answers: a worker that died with its port linked. */
function deadPeer(host: ActorHost, hello: object, downstream = false): MessagePort {
  const { port1, port2 } = new MessageChannel();
  void host.connect(port1, downstream);
  port2.postMessage(hello);
  return port2;
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('the hello handshake', () => {
  it('answers hello() with the component, its protocols and its wants', () => {
    expect(createEchoHost(['store.listing']).hello()).toEqual({
      type: 'echo.hello',
      component: 'echo',
      protocols: { echo: 1 },
      wants: ['store.listing']
    });
  });

  it('links two hosts, each resolving with the other one’s hello', async () => {
    const [toStore, toEcho] = await link(createEchoHost(), createStoreHost());
    expect(toStore).toMatchObject({ type: 'store.hello', protocols: { store: 1 } });
    expect(toEcho).toMatchObject({ type: 'echo.hello', protocols: { echo: 1 } });
  });

  it('refuses a peer of another protocol version with EPROTO, as data', async () => {
    const [fromEcho] = await link(createEchoHost(), createStoreHost(2));
    expect(fromEcho).toEqual({
      code: 'EPROTO',
      errno: 71,
      message: 'link refused: store protocol 2, echo speaks 1'
    });
  });

  it('refuses a link whose first message is not a hello', async () => {
    const { port1, port2 } = new MessageChannel();
    const refused = createStoreHost().connect(port1, false);
    port2.postMessage({ type: 'echo.ping', n: 1 });
    expect(await refused).toEqual({
      code: 'EPROTO',
      errno: 71,
      message: 'link refused: echo.ping'
    });
    port2.close();
  });
});

describe('requests and routing', () => {
  it('pairs a request with its reply', async () => {
    const echo = createEchoHost();
    expect(await echo.request({ type: 'echo.ping', n: 41 })).toEqual({
      type: 'echo.pong',
      req: 1,
      n: 42
    });
  });

  it('sends a command to the peer that accepts its prefix, queued until that peer said hello', async () => {
    const echo = createEchoHost();
    const store = createStoreHost();
    const asked = echo.request({ type: 'echo.ask', key: 'k1' });
    await tick();
    await link(echo, store);
    expect(await asked).toMatchObject({ type: 'echo.asked', key: 'k1' });
    expect(await store.request({ type: 'store.list' })).toMatchObject({ keys: ['k1'] });
  });

  it('answers a peer’s command on the link it came from', async () => {
    const echo = createEchoHost();
    const store = createStoreHost();
    await link(echo, store);
    await echo.request({ type: 'echo.ask', key: 'a' });
    await echo.request({ type: 'echo.ask', key: 'b' });
    expect(await store.request({ type: 'store.list' })).toMatchObject({ keys: ['a', 'b'] });
  });
});

describe('facts', () => {
  /** A raw peer that says `hello` and records what it receives after it. */
  function peer(host: ActorHost, hello: object) {
    const { port1, port2 } = new MessageChannel();
    const seen: unknown[] = [];
    port2.on('message', (m: ActorMessage) => {
      if (!m.type.endsWith('.hello')) seen.push(m);
    });
    void host.connect(port1, false);
    port2.postMessage(hello);
    return { seen, close: () => port2.close() };
  }

  it('go to every peer that wants them and to the board if subscribed', async () => {
    const echo = createEchoHost();
    const wanting = peer(echo, createStoreHost(1, ['echo.told']).hello());
    const indifferent = peer(echo, { ...createStoreHost().hello(), component: 'other' });
    const board: ActorMessage[] = [];
    echo.subscribe((e) => board.push(e), ['echo.told']);
    await tick();
    echo.post({ type: 'echo.tell', text: 'hi' });
    await tick();
    expect(wanting.seen).toEqual([{ type: 'echo.told', text: 'hi' }]);
    expect(indifferent.seen).toEqual([]);
    expect(board).toEqual([{ type: 'echo.told', text: 'hi' }]);
    wanting.close();
    indifferent.close();
  });

  it('reach the board only for the types it subscribed to', async () => {
    const echo = createEchoHost();
    const board: ActorMessage[] = [];
    echo.subscribe((e) => board.push(e), ['echo.crashed']);
    echo.post({ type: 'echo.tell', text: 'quiet' });
    await tick();
    expect(board).toEqual([]);
  });
});

describe('what is not addressed to the actor', () => {
  /** A raw peer posing as `store`: says hello and posts what a test gives it. */
  function rawStore(host: ActorHost) {
    const { port1, port2 } = new MessageChannel();
    const seen: ActorMessage[] = [];
    port2.on('message', (m: ActorMessage) => void seen.push(m));
    void host.connect(port1, false);
    port2.postMessage(createStoreHost().hello());
    return { seen, post: (m: object) => port2.postMessage(m), close: () => port2.close() };
  }

  it('answers a command in a prefix the host does not accept with EINVAL, as data', async () => {
    const echo = createEchoHost();
    expect(await echo.request({ type: 'store.list' })).toMatchObject({
      type: 'store.failed',
      cause: 'actor',
      error: {
        code: 'EINVAL',
        errno: 22,
        message: 'store.list is not a command of echo (it accepts echo)'
      }
    });
  });

  it('never lets the board or a peer send an event the machine raises for itself (self.*)', async () => {
    const echo = createEchoHost();
    expect(await echo.request({ type: 'self.done' })).toMatchObject({
      type: 'self.failed',
      error: { code: 'EINVAL' }
    });
    const board: ActorMessage[] = [];
    echo.subscribe((e) => board.push(e), ['echo.asked']);
    const store = rawStore(echo);
    await tick();
    store.post({ type: 'self.done' });
    await tick();
    expect(board).toEqual([]);
    store.close();
  });

  it('drops a reply to a command the actor never sent, and delivers the one it did', async () => {
    const echo = createEchoHost();
    const board: ActorMessage[] = [];
    // echo answers its asker with echo.asked; asked by the board without a req, that is a fact.
    echo.subscribe((e) => board.push(e), ['echo.asked', 'echo.failed']);
    const store = rawStore(echo);
    await tick();
    store.post({ type: 'store.stored', req: 7, key: 'forged' });
    store.post({ type: 'store.stored', key: 'forged without req' });
    await tick();
    expect(board).toEqual([]);
    echo.post({ type: 'echo.ask', key: 'k' });
    await tick();
    const put = store.seen.find((m) => m.type === 'store.put')!;
    // A reply in the right req but another prefix is not the reply either.
    store.post({ type: 'echo.ping', req: put.req, n: 1 });
    store.post({ type: 'other.stored', req: put.req, key: 'k' });
    await tick();
    expect(board).toEqual([]);
    store.post({ type: 'store.stored', req: put.req, key: 'k' });
    await tick();
    expect(board).toEqual([{ type: 'echo.asked', key: 'k' }]);
    store.close();
  });
});

describe('the flush barrier', () => {
  it('passes once every downstream link answered, after what was sent before it', async () => {
    const echo = createEchoHost();
    const store = createStoreHost();
    await link(echo, store, true);
    echo.post({ type: 'echo.ask', key: 'x' });
    echo.post({ type: 'echo.ask', key: 'y' });
    expect(await echo.request({ type: 'echo.flush' })).toEqual({ type: 'echo.flushed', req: 3 });
    expect(await store.request({ type: 'store.list' })).toMatchObject({ keys: ['x', 'y'] });
  });

  it('passes at once with no downstream link', async () => {
    expect(await createEchoHost().request({ type: 'echo.flush' })).toEqual({
      type: 'echo.flushed',
      req: 1
    });
  });
});

describe('failures as data', () => {
  it('answers pending requests with EIO when the actor dies, and tells the board', async () => {
    const echo = createEchoHost();
    const board: ActorMessage[] = [];
    echo.subscribe((e) => board.push(e), ['echo.crashed']);
    const reply = await echo.request({ type: 'echo.crash' });
    const error = { code: 'EIO', errno: 5, message: 'echo fell over' };
    expect(reply).toEqual({ type: 'echo.failed', req: 1, cause: 'actor', error });
    expect(board).toEqual([{ type: 'echo.crashed', error }]);
    expect(echo.status()).toEqual({ alive: false, error });
    // Later commands get the same cause.
    expect(await echo.request({ type: 'echo.ping', n: 1 })).toMatchObject({ error });
  });

  it('answers a command to a stopped actor with ESHUTDOWN', async () => {
    const echo = createEchoHost();
    echo.stop();
    expect(await echo.request({ type: 'echo.ping', n: 1 })).toEqual({
      type: 'echo.failed',
      req: 1,
      cause: 'actor',
      error: { code: 'ESHUTDOWN', errno: 108, message: 'echo has stopped' }
    });
    expect(echo.status()).toEqual({ alive: false, error: null });
  });
});

describe('a peer restarted in a new worker', () => {
  it('fails the commands the dead peer never answered with EIO', async () => {
    const echo = createEchoHost();
    const dead = deadPeer(echo, createStoreHost().hello());
    await tick();
    const asked = echo.request({ type: 'echo.ask', key: 'lost' });
    await tick();
    await link(echo, createStoreHost());
    expect(await asked).toEqual({
      type: 'echo.failed',
      req: 1,
      cause: 'store.put',
      error: {
        code: 'EIO',
        errno: 5,
        message: "store.put unanswered: store's worker died and was restarted"
      }
    });
    // The new link carries the next command.
    expect(await echo.request({ type: 'echo.ask', key: 'kept' })).toMatchObject({
      type: 'echo.asked',
      key: 'kept'
    });
    dead.close();
  });

  it('lets a barrier stuck on the dead link pass, marked broken', async () => {
    const echo = createEchoHost();
    const dead = deadPeer(echo, createStoreHost().hello(), true);
    await tick();
    const flushed = echo.request({ type: 'echo.flush' });
    await tick();
    await link(echo, createStoreHost(), true);
    expect(await flushed).toEqual({
      type: 'echo.flushed',
      req: 1,
      broken: "store's worker died: what was sent to it is lost"
    });
    expect(await echo.request({ type: 'echo.flush' })).not.toHaveProperty('broken');
    dead.close();
  });
});
