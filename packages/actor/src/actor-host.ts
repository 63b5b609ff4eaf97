/**
 * The transport side of a component actor: runs the xstate logic, answers
 * the board's control calls and links the actor to its peers over message
 * ports. Kernel counterpart: none (it is the "bus" of the microkernel layout;
 * the kernel calls functions directly).
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
 * What is not addressed to this actor never reaches its machine: a command
 * (from the board or a peer) in a prefix this host does not accept is
 * answered `<prefix>.failed` (EINVAL), and a message of another prefix from
 * a peer is delivered only as the reply to a command this actor sent on
 * that link (its req, in the prefix it was sent to) or as a fact this actor
 * asked for in its hello; anything else is dropped. So the events a machine
 * raises for itself (typed `self.<event>`, a prefix no host accepts) cannot be injected.
 *
 * A peer whose worker died and was restarted says hello on a new link, which
 * replaces the dead one. What was sent on the dead link is lost with it, so
 * the host answers for the dead peer (its actor would otherwise wait
 * forever): every command still unanswered there gets `<prefix>.failed`
 * (EIO), and every barrier waiting on it passes, marked `broken`.
 */
import { createActor, type AnyStateMachine } from 'xstate';
import {
  crashedMessage,
  failedMessage,
  flushedMessage,
  flushMessage,
  type FlushedMessage
} from './envelope.ts';
import { errnoData, type ActorErrorData } from './error-data.ts';
import { helloOf, helloRefusal, type HostHello } from './hello.ts';
import { prefixOf, type ActorCommand, type ActorMessage } from './message.ts';
import type { PortLike } from './port.ts';
import { transferList } from './transfer.ts';

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
  /** Stops the actor (its delayed events with it) and closes every link. */
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

export function createActorHost(config: ActorHostConfig): ActorHost {
  const self = config.component;
  const hello: HostHello = helloOf(self, config.protocols, config.wants);
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
    link.port.postMessage(m, transferList(m));
  };
  const emitted = (m: ActorMessage) => {
    if (!own(m.type)) return deliver(m);
    const reply = m.req === undefined ? undefined : replies.get(m.req);
    if (reply) {
      replies.delete(m.req!);
      return reply.answer(m);
    }
    // A fact's buffers go with its last post, unless the board reads it too.
    const to = links.filter((l) => l.hello?.wants.includes(m.type));
    const boardToo = board?.types.has(m.type) === true;
    const give = boardToo ? undefined : transferList(m);
    to.forEach((l, k) => l.port.postMessage(m, k === to.length - 1 ? give : undefined));
    if (boardToo) board!.listener(m);
  };
  // A failed command is answered in the prefix it was addressed to (`backend.failed`).
  const failure = (prefix: string, req: number | undefined, error: ActorErrorData) =>
    failedMessage(prefix, req, 'actor', error);
  let died: ActorErrorData | null = null;
  actor.on('*', (m) => emitted(m as ActorMessage));
  actor.subscribe({
    error(e) {
      died = errnoData('EIO', e instanceof Error ? e.message : String(e));
      for (const [req, r] of replies) r.answer(failure(r.prefix, req, died));
      replies.clear();
      board?.listener(crashedMessage(self, died));
    }
  });
  actor.start();

  /** A command to this actor: a fresh req, and its reply goes to `answer`. */
  const command = (m: ActorMessage, answer: ((r: ActorMessage) => void) | null) => {
    if (m.type === `${self}.flush`) return flush(answer ?? (() => {}));
    const req = nextReq++;
    const prefix = prefixOf(m.type);
    if (!own(m.type)) {
      const accepted = Object.keys(config.protocols).join(', ');
      const why = `${m.type} is not a command of ${self} (it accepts ${accepted})`;
      answer?.(failure(prefix, req, errnoData('EINVAL', why)));
      return;
    }
    if (actor.getSnapshot().status !== 'active') {
      const error = died ?? errnoData('ESHUTDOWN', `${self} has stopped`);
      answer?.(failure(prefix, req, error));
      return;
    }
    if (answer) replies.set(req, { prefix, answer });
    actor.send({ ...m, req: answer ? req : undefined });
  };
  const flush = (done: (r: ActorMessage) => void) => {
    const token = nextReq++;
    const down = links.filter((l) => l.downstream && l.hello);
    const finish = (broken: string | null) => done(flushedMessage(self, token, broken));
    if (!down.length) return finish(null);
    flushes.set(token, { waiting: new Set(down), broken: null, done: finish });
    for (const l of down) l.port.postMessage(flushMessage(l.hello!.component, token));
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
      const message = `${type} unanswered: ${peer}'s worker died and was restarted`;
      actor.send(failedMessage(prefixOf(type), req, type, errnoData('EIO', message)));
    }
    old.unanswered.clear();
  };
  const received = (link: Link, m: ActorMessage) => {
    if (m.type.endsWith('.flushed') && !own(m.type) && flushes.has(m.req!)) {
      const broken = (m as FlushedMessage).broken;
      return passed(m.req!, link, broken ?? null);
    }
    if (!own(m.type)) {
      // A reply: to a command this actor sent on this link, in its prefix.
      const sent = m.req === undefined ? undefined : link.unanswered.get(m.req);
      if (sent !== undefined && prefixOf(sent) === prefixOf(m.type)) {
        link.unanswered.delete(m.req!);
        return void actor.send(m);
      }
      // A fact this actor asked for; anything else is not for it.
      if (m.req === undefined && hello.wants.includes(m.type)) actor.send(m);
      return;
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
          const why = helloRefusal(self, config.expects, m);
          if (why !== null) {
            links.splice(links.indexOf(link), 1);
            port.close();
            return resolve(errnoData('EPROTO', `link refused: ${why}`));
          }
          // A restarted peer replaces the link of the one that died.
          const peer = m as HostHello;
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
