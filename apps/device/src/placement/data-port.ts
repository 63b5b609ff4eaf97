/**
 * The board's raw link to a component, for log traffic (printk batches,
 * pmsg writes): plain messages on a MessagePort, no comlink on the way, as
 * peers talk to each other. The board says hello as the `board` component
 * and pairs answers with its commands by `req`.
 * Kernel counterpart: none (the syscall path from user space).
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { ActorCommand, ActorErrorData, ActorMessage, HostHello } from '@pstore/actor';
import { transfer } from 'comlink';
import type { ComponentLink, Reply } from './component-link.ts';

const BOARD_HELLO: HostHello = {
  type: 'board.hello',
  component: 'board',
  protocols: { board: 1 },
  wants: []
};

/** A command that was sent and never answered: its worker died first. */
export interface LostCommand {
  readonly command: ActorCommand;
  /** What the port's `mark` read when the command was sent (0 without one). */
  readonly mark: number;
}

export class DataPort {
  private nextReq = 1;
  private readonly waiting = new Map<number, (r: Reply) => void>();
  private readonly lostCommands: LostCommand[] = [];
  private failedCommands: LostCommand[] = [];

  private constructor(
    private readonly port: MessagePort,
    private readonly gone: Promise<ActorErrorData>,
    private readonly mark: () => number
  ) {
    port.on('message', (m: ActorMessage) => {
      const answer = m.req === undefined ? undefined : this.waiting.get(m.req);
      if (!answer) return;
      this.waiting.delete(m.req!);
      answer(m as Reply);
    });
  }

  /**
   * Links the board to `link`'s component; resolves once both said hello.
   * `mark` is read as each request is sent, so a supervisor can tell later
   * how far a request that died with its worker got (see lost()).
   */
  static async open(
    link: ComponentLink,
    gone: Promise<ActorErrorData>,
    mark: () => number = () => 0
  ): Promise<DataPort> {
    const { port1, port2 } = new MessageChannel();
    const hello = new Promise<void>((resolve) => port1.once('message', () => resolve()));
    port1.postMessage(BOARD_HELLO);
    const peer = await Promise.race([link.remote.connect(transfer(port2, [port2]), false), gone]);
    if ('code' in peer) throw new Error(`linking the board to ${link.component}: ${peer.message}`);
    await hello;
    return new DataPort(port1, gone, mark);
  }

  post(command: ActorCommand): void {
    this.port.postMessage(command);
  }

  /** A command and its answer; a `<prefix>.failed` if the worker is gone meanwhile. */
  async request(command: ActorCommand): Promise<Reply> {
    const req = this.nextReq++;
    const answered = new Promise<Reply>((resolve) => this.waiting.set(req, resolve));
    const mark = this.mark();
    this.port.postMessage({ ...command, req });
    const r = await Promise.race([answered, this.gone]);
    if ('type' in r) {
      if (r.type.endsWith('.failed')) this.failedCommands.push({ command, mark });
      return r;
    }
    this.waiting.delete(req);
    this.lostCommands.push({ command, mark });
    const prefix = command.type.slice(0, command.type.indexOf('.'));
    return { type: `${prefix}.failed`, cause: command.type, error: r };
  }

  /** The requests whose worker died before answering, in the order they were sent. */
  lost(): readonly LostCommand[] {
    return this.lostCommands;
  }

  /**
   * The requests answered with a failure since the last take, in the order
   * answered (a peer further down died with them: the worker answered EIO).
   */
  takeFailed(): readonly LostCommand[] {
    const f = this.failedCommands;
    this.failedCommands = [];
    return f;
  }

  close(): void {
    this.port.close();
  }
}
