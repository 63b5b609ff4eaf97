/**
 * The board's handle on one component: comlink calls to the actor host in
 * its worker, raced against the worker's death (a call into a terminated
 * worker never returns), and the hello check of the protocol versions.
 * Kernel counterpart: none (transport).
 */
import type { ActorErrorData, ActorHost, ActorMessage, HostHello } from '@pstore/actor';
import { proxy, type Remote } from 'comlink';
import type { Component } from '../components.ts';

/** A reply, or a `<component>.failed` event when the call could not be made. */
export type Reply = ActorMessage & Record<string, unknown>;

export class ComponentLink {
  constructor(
    readonly component: Component,
    readonly remote: Remote<ActorHost>,
    /** Settles when the worker hosting the component is gone. */
    readonly gone: Promise<ActorErrorData>
  ) {}

  /** The hello handshake: the component's protocol versions must be the ones this board speaks. */
  async hello(expected: Readonly<Record<string, number>>): Promise<HostHello> {
    const hello = await this.race(this.remote.hello());
    if ('code' in hello) throw new Error(`${this.component}: ${hello.message}`);
    for (const [prefix, version] of Object.entries(expected)) {
      const got = hello.protocols[prefix];
      if (got !== undefined && got !== version) {
        throw new Error(
          `${this.component} speaks ${prefix} protocol ${got}, the board speaks ${version}`
        );
      }
    }
    return hello;
  }

  /** Sends a command and waits for its reply (or a failure as data). */
  async request(command: ActorMessage & Record<string, unknown>): Promise<Reply> {
    const r = await this.race(this.remote.request(command));
    if ('code' in r && !('type' in r)) {
      return { type: `${this.component}.failed`, cause: command.type, error: r };
    }
    return r as Reply;
  }

  /** Sends without waiting (log traffic). */
  post(command: ActorMessage & Record<string, unknown>): void {
    this.remote.post(command).catch(() => undefined);
  }

  async status(): Promise<{ alive: boolean; error: ActorErrorData | null }> {
    const s = await this.race(this.remote.status());
    return 'code' in s ? { alive: false, error: s } : s;
  }

  /** Crashes (and failures without a requester) of the actor, for the board. */
  async subscribe(types: readonly string[], listener: (e: ActorMessage) => void): Promise<void> {
    await Promise.race([this.remote.subscribe(proxy(listener), types), this.gone]);
  }

  private race<T extends object>(p: Promise<T>): Promise<T | ActorErrorData> {
    return Promise.race([p, this.gone]);
  }
}
