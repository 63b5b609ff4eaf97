/**
 * The hello handshake: the first message on every link says who is at the
 * other end, which protocol version each prefix it accepts speaks, and
 * which facts of others it wants. A link whose peer speaks another version
 * of a prefix this component sends to is refused, as data (EPROTO).
 * Kernel counterpart: none (a module's symbol versions play this part).
 */
import type { ActorMessage } from './message.ts';

/** The first message on every link and the answer to the board's hello(). */
export interface HostHello<
  C extends string = string,
  P extends Readonly<Record<string, number>> = Readonly<Record<string, number>>
> {
  readonly type: `${C}.hello`;
  readonly component: C;
  /** Protocol version of every prefix this component accepts. */
  readonly protocols: P;
  /** Facts of other components this one consumes. */
  readonly wants: readonly string[];
}

export function helloOf<C extends string, P extends Readonly<Record<string, number>>>(
  component: C,
  protocols: P,
  wants: readonly string[]
): HostHello<C, P> {
  return { type: `${component}.hello`, component, protocols, wants };
}

/**
 * Why a link whose first message is `first` is refused by `self`, which
 * requires the versions `expects` of its peers' prefixes; null to accept.
 */
export function helloRefusal(
  self: string,
  expects: Readonly<Record<string, number>>,
  first: ActorMessage
): string | null {
  const peer = first as Partial<HostHello>;
  const protocols = peer.protocols ?? {};
  const bad = Object.entries(expects).find(([p, v]) => p in protocols && protocols[p] !== v);
  if (bad) return `${bad[0]} protocol ${protocols[bad[0]]}, ${self} speaks ${bad[1]}`;
  return first.type.endsWith('.hello') ? null : first.type;
}
