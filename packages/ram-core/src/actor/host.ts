/**
 * What a ram-core worker exposes to the board: the ram-core actor behind the
 * generic actor host (hello, request/post, peer links, facts).
 * Kernel counterpart: none (transport).
 */
import { createActorHost, type ActorHost } from '@pstore/actor';
import { PROTOCOL_VERSION } from './protocol.ts';
import { ramCoreMachine } from './ram-core.machine.ts';

export function createRamCoreHost(): ActorHost {
  return createActorHost({
    component: 'ram-core',
    logic: ramCoreMachine,
    protocols: { 'ram-core': PROTOCOL_VERSION },
    expects: {},
    wants: []
  });
}
