/**
 * What a pstore-blk worker exposes to the board: the pstore-blk actor
 * behind the generic actor host. It plays the backend role for pstore-fs.
 * Kernel counterpart: none (transport).
 */
import { createActorHost, type ActorHost } from '@pstore/actor';
import { BACKEND_PROTOCOL_VERSION } from '@pstore/pstore-fs/backend';
import { pstoreBlkMachine } from './pstore-blk.machine.ts';
import { PROTOCOL_VERSION } from './protocol.ts';

export function createPstoreBlkHost(): ActorHost {
  return createActorHost({
    component: 'pstore-blk',
    logic: pstoreBlkMachine,
    protocols: { 'pstore-blk': PROTOCOL_VERSION, backend: BACKEND_PROTOCOL_VERSION },
    expects: {},
    wants: []
  });
}
