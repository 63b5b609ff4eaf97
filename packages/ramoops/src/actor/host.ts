/**
 * What a ramoops worker exposes to the board: the ramoops actor behind the
 * generic actor host. It plays the backend role for pstore-fs and asks
 * ram-core to attach its zones.
 * Kernel counterpart: none (transport).
 */
import { createActorHost, type ActorHost } from '@pstore/actor';
import { RAM_CORE_PROTOCOL_VERSION } from '@pstore/ram-core';
import { BACKEND_PROTOCOL_VERSION } from '@pstore/pstore-fs/backend';
import { PROTOCOL_VERSION } from './protocol.ts';
import { ramoopsMachine } from './ramoops.machine.ts';

export function createRamoopsHost(): ActorHost {
  return createActorHost({
    component: 'ramoops',
    logic: ramoopsMachine,
    protocols: { ramoops: PROTOCOL_VERSION, backend: BACKEND_PROTOCOL_VERSION },
    expects: { 'ram-core': RAM_CORE_PROTOCOL_VERSION },
    wants: []
  });
}
