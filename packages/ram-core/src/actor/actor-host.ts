/**
 * The transport side of a component actor: runs the xstate logic, answers
 * the board's control calls and links the actor to its peers over message
 * ports. Kernel counterpart: none (it is the "bus" of the microkernel layout;
 * the kernel calls functions directly).
 *
 * This file is identical in every package that hosts an actor (no package is
 * a common dependency of all six); apps/device checks that the copies agree.
 *
 * Routing, by the `<prefix>.` of a message's type:
 * - emitted with a prefix this host does not accept: a command to the peer
 *   that accepts it (queued until that peer has said hello);
 * - emitted with one of its own prefixes and a `req`: the reply to the
 *   command that carried it, sent back where that command came from;
 * - emitted with one of its own prefixes and no `req`: a fact, sent to every
 *   peer that asked for it in its hello, and to the board if subscribed.
 * `<self>.flush` is a barrier: it is passed down every downstream link and
 * answered with `<self>.flushed` once they all answered (ports are FIFO).
 *
 * A peer whose worker died and was restarted says hello on a new link, which
 * replaces the dead one. What was sent on the dead link is lost with it, so
 * the host answers for the dead peer (its actor would otherwise wait
 * forever): every command still unanswered there gets `<prefix>.failed`
 * (EIO), and every barrier waiting on it passes, marked `broken`.
 */
import { createActor, type AnyStateMachine } from 'xstate';

/** Every message on a link: `type` is `<component>.<verb|fact>`. */
export interface ActorMessage {
  readonly type: string;
  readonly req?: number;
}

/** A message as callers write it: any protocol's fields beside `type` and `req`. */
export type ActorCommand = ActorMessage & Readonly<Record<string, unknown>>;

/** An error as data: what crosses a boundary instead of a throw. */
export interface ActorErrorData {
  readonly code: string;
  readonly errno: number;
  readonly message: string;
}

/** The first message on every link and the answer to the board's hello(). */
export interface HostHello {
  readonly type: string;
  readonly component: string;
  /** Protocol version of every prefix this component accepts. */
  readonly protocols: Readonly<Record<string, number>>;
  /** Facts of other components this one consumes. */
  readonly wants: readonly string[];
}

/** The part of a MessagePort a link needs (Node's and the browser's both fit). */
export interface PortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: Event) => void): void;
  start?(): void;
  close(): void;
}

export interface ActorHostConfig {
  readonly component: string;
  readonly logic: AnyStateMachine;
  /** Own prefixes with their protocol versions (the component's, and roles it plays). */
  readonly protocols: Readonly<Record<string, number>>;
  /** Versions this component requires of peers' prefixes it sends to. */
  readonly expects: Readonly<Record<string, number>>;
  readonly wants: readonly string[];
}

/** What a worker exposes to the board. */
export interface ActorHost {
  hello(): HostHello;
  /** Sends a command and resolves with its reply (a `<c>.failed` event on failure). */
  request(command: ActorCommand): Promise<ActorMessage>;
  /** Sends a command without waiting (batches of log traffic). */
  post(command: ActorCommand): void;
  /** Links a peer; resolves with its hello, or with an EPROTO error. */
  connect(port: PortLike, downstream: boolean): Promise<HostHello | ActorErrorData>;
  /** Facts and crashes of this actor, for the board (low-volume types only). */
  subscribe(listener: (event: ActorMessage) => void, types: readonly string[]): void;
  /** Whether the actor still runs, and why not. */
  status(): { readonly alive: boolean; readonly error: ActorErrorData | null };
  stop(): void;
}

interface Link {
  readonly port: PortLike;
  readonly downstream: boolean;
  hello: HostHello | null;
  /** Commands this actor sent on the link and not yet answered: req → type. */
  readonly unanswered: Map<number, string>;
}

/** A barrier passed down: the links that have not answered, and whether one died first. */
interface Barrier {
  readonly waiting: Set<Link>;
  broken: string | null;
  readonly done: (broken: string | null) => void;
}

const prefixOf = (type: string): string => type.slice(0, type.indexOf('.'));

export function createActorHost(config: ActorHostConfig): ActorHost {
  const self = config.component;
  const hello: HostHello = {
    type: `${self}.hello`,
    component: self,
    protocols: config.protocols,
    wants: config.wants
  };
  const links: Link[] = [];
  const outbox: ActorMessage[] = [];
  const replies = new Map<number, { prefix: string; answer: (reply: ActorMessage) => void }>();
  const flushes = new Map<number, Barrier>();
  let nextReq = 1;
  let board: { listener: (e: ActorMessage) => void; types: Set<string> } | null = null;
  const actor = createActor(config.logic);
  const own = (type: string) => prefixOf(type) in config.protocols;

  const deliver = (m: ActorMessage) => {
    const link = links.find((l) => l.hello && prefixOf(m.type) in l.hello.protocols);
    if (!link) return void outbox.push(m);
    if (m.req !== undefined) link.unanswered.set(m.req, m.type);
    link.port.postMessage(m);
  };
  const emitted = (m: ActorMessage) => {
    if (!own(m.type)) return deliver(m);
    const reply = m.req === undefined ? undefined : replies.get(m.req);
    if (reply) {
      replies.delete(m.req!);
      return reply.answer(m);
    }
    for (const l of links) if (l.hello?.wants.includes(m.type)) l.port.postMessage(m);
    if (board?.types.has(m.type)) board.listener(m);
  };
  // A failed command is answered in the prefix it was addressed to (`backend.failed`).
  const failure = (prefix: string, req: number | undefined, error: ActorErrorData) =>
    ({ type: `${prefix}.failed`, req, cause: 'actor', error }) as ActorMessage;
  let died: ActorErrorData | null = null;
  actor.on('*', (m) => emitted(m as ActorMessage));
  actor.subscribe({
    error(e) {
      died = { code: 'EIO', errno: 5, message: e instanceof Error ? e.message : String(e) };
      for (const [req, r] of replies) r.answer(failure(r.prefix, req, died));
      replies.clear();
      board?.listener({ type: `${self}.crashed`, error: died } as ActorMessage);
    }
  });
  actor.start();

  /** A command to this actor: a fresh req, and its reply goes to `answer`. */
  const command = (m: ActorMessage, answer: ((r: ActorMessage) => void) | null) => {
    if (m.type === `${self}.flush`) return flush(answer ?? (() => {}));
    const req = nextReq++;
    const prefix = prefixOf(m.type);
    if (actor.getSnapshot().status !== 'active') {
      const error = died ?? { code: 'ESHUTDOWN', errno: 108, message: `${self} has stopped` };
      answer?.(failure(prefix, req, error));
      return;
    }
    if (answer) replies.set(req, { prefix, answer });
    actor.send({ ...m, req: answer ? req : undefined });
  };
  const flush = (done: (r: ActorMessage) => void) => {
    const token = nextReq++;
    const down = links.filter((l) => l.downstream && l.hello);
    const finish = (broken: string | null) =>
      done({ type: `${self}.flushed`, req: token, ...(broken ? { broken } : {}) });
    if (!down.length) return finish(null);
    flushes.set(token, { waiting: new Set(down), broken: null, done: finish });
    for (const l of down) l.port.postMessage({ type: `${l.hello!.component}.flush`, req: token });
  };
  /** `link` answered the barrier `token` (or died): the barrier passes once every link did. */
  const passed = (token: number, link: Link, broken: string | null) => {
    const f = flushes.get(token);
    if (!f?.waiting.delete(link)) return;
    f.broken ??= broken;
    if (f.waiting.size) return;
    flushes.delete(token);
    f.done(f.broken);
  };
  /** A restarted peer's new link replaces `old`: answer for what died with it. */
  const replaced = (old: Link) => {
    const peer = old.hello!.component;
    const why = `${peer}'s worker died: what was sent to it is lost`;
    for (const [token] of flushes) passed(token, old, why);
    for (const [req, type] of old.unanswered) {
      const error: ActorErrorData = {
        code: 'EIO',
        errno: 5,
        message: `${type} unanswered: ${peer}'s worker died and was restarted`
      };
      actor.send({ type: `${prefixOf(type)}.failed`, req, cause: type, error });
    }
    old.unanswered.clear();
  };
  const received = (link: Link, m: ActorMessage) => {
    if (m.type.endsWith('.flushed') && !own(m.type) && flushes.has(m.req!)) {
      const broken = (m as { broken?: string }).broken;
      return passed(m.req!, link, broken ?? null);
    }
    if (!own(m.type)) {
      if (m.req !== undefined) link.unanswered.delete(m.req);
      return void actor.send(m);
    }
    const back = m.req;
    command(m, back === undefined ? null : (r) => link.port.postMessage({ ...r, req: back }));
  };

  return {
    hello: () => hello,
    request: (m) => new Promise((resolve) => command(m, resolve)),
    post: (m) => command(m, null),
    connect(port, downstream) {
      const link: Link = { port, downstream, hello: null, unanswered: new Map() };
      links.push(link);
      return new Promise((resolve) => {
        port.addEventListener('message', (event) => {
          const m = (event as MessageEvent).data as ActorMessage;
          if (link.hello) return received(link, m);
          const peer = m as HostHello;
          const bad = Object.entries(config.expects).find(
            ([p, v]) => p in (peer.protocols ?? {}) && peer.protocols[p] !== v
          );
          if (!m.type.endsWith('.hello') || bad) {
            const [p, v] = bad ?? ['?', 0];
            links.splice(links.indexOf(link), 1);
            port.close();
            const why = bad ? `${p} protocol ${peer.protocols[p]}, ${self} speaks ${v}` : m.type;
            return resolve({ code: 'EPROTO', errno: 71, message: `link refused: ${why}` });
          }
          // A restarted peer replaces the link of the one that died.
          link.hello = peer;
          for (const old of links.filter(
            (l) => l !== link && l.hello?.component === peer.component
          )) {
            links.splice(links.indexOf(old), 1);
            replaced(old);
          }
          for (const q of outbox.splice(0)) deliver(q);
          resolve(peer);
        });
        port.start?.();
        port.postMessage(hello);
      });
    },
    subscribe(listener, types) {
      board = { listener, types: new Set(types) };
    },
    status: () => ({ alive: actor.getSnapshot().status === 'active', error: died }),
    stop() {
      actor.stop();
      for (const l of links) l.port.close();
    }
  };
}
