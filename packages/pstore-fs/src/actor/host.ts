/**
 * What a pstore-fs worker exposes to the board: the pstore-fs actor behind
 * the generic actor host. It plays the kmsg dumper role, consumes its
 * console driver's output, and talks to a backend and plug-in frontends.
 * Kernel counterpart: none (transport).
 */
import { createActorHost, type ActorHost } from '@pstore/actor';
import { CONSOLE_PROTOCOL_VERSION } from '@pstore/console';
import { DUMPER_PROTOCOL_VERSION, KMSG_PROTOCOL_VERSION } from '@pstore/kmsg';
import { pstoreFsMachine } from './pstore-fs.machine.ts';
import {
  BACKEND_PROTOCOL_VERSION,
  FRONTEND_PROTOCOL_VERSION,
  PROTOCOL_VERSION
} from './protocol.ts';

export function createPstoreFsHost(): ActorHost {
  return createActorHost({
    component: 'pstore-fs',
    logic: pstoreFsMachine,
    protocols: { 'pstore-fs': PROTOCOL_VERSION, dumper: DUMPER_PROTOCOL_VERSION },
    expects: {
      kmsg: KMSG_PROTOCOL_VERSION,
      console: CONSOLE_PROTOCOL_VERSION,
      backend: BACKEND_PROTOCOL_VERSION,
      frontend: FRONTEND_PROTOCOL_VERSION
    },
    wants: ['console.printed', 'backend.failed']
  });
}
