/**
 * What a pmsg worker exposes to the board: the pmsg actor behind the generic
 * actor host. It plays the frontend role for pstore-fs and sends user-space
 * writes to it.
 * Kernel counterpart: none (transport).
 */
import { createActorHost, type ActorHost } from '@pstore/actor';
import { FRONTEND_PROTOCOL_VERSION, PSTORE_FS_PROTOCOL_VERSION } from '@pstore/pstore-fs';
import { pmsgMachine } from './pmsg.machine.ts';
import { PROTOCOL_VERSION } from './protocol.ts';

export function createPmsgHost(): ActorHost {
  return createActorHost({
    component: 'pmsg',
    logic: pmsgMachine,
    protocols: { pmsg: PROTOCOL_VERSION, frontend: FRONTEND_PROTOCOL_VERSION },
    expects: { 'pstore-fs': PSTORE_FS_PROTOCOL_VERSION },
    wants: []
  });
}
