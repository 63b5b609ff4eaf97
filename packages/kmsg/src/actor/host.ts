/**
 * What a kmsg worker exposes to the board: the kmsg actor behind the generic
 * actor host. kmsg accepts its own commands and the dumpers' answers.
 * Kernel counterpart: none (transport).
 */
import { createActorHost, type ActorHost } from '@pstore/actor';
import { kmsgMachine } from './kmsg.machine.ts';
import { PROTOCOL_VERSION } from './protocol.ts';

export function createKmsgHost(): ActorHost {
  return createActorHost({
    component: 'kmsg',
    logic: kmsgMachine,
    protocols: { kmsg: PROTOCOL_VERSION },
    expects: {},
    wants: []
  });
}
