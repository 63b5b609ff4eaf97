/**
 * What a console worker exposes to the board: the console actor behind the
 * generic actor host. It consumes kmsg's records and sends its drivers'
 * output to whoever registered them.
 * Kernel counterpart: none (transport).
 */
import { createActorHost, type ActorHost } from '@pstore/actor';
import { KMSG_PROTOCOL_VERSION } from '@pstore/kmsg';
import { consoleMachine } from './console.machine.ts';
import { PROTOCOL_VERSION } from './protocol.ts';

export function createConsoleHost(): ActorHost {
  return createActorHost({
    component: 'console',
    logic: consoleMachine,
    protocols: { console: PROTOCOL_VERSION },
    expects: { kmsg: KMSG_PROTOCOL_VERSION },
    wants: ['kmsg.records']
  });
}
