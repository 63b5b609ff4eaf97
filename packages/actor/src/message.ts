/**
 * The one shape every message on a link has: `type` is
 * `<prefix>.<verb|fact>`, and `req` pairs a command with its reply. The
 * prefix names a component or a role it plays (`backend`, `dumper`): it is
 * what the host routes by.
 *
 * Events a machine raises for itself (an action's outcome that picks the
 * next state) are typed `self.<event>`: no component accepts the prefix
 * `self`, so the host never delivers one from outside.
 * Kernel counterpart: none (the kernel calls functions directly).
 */

/** Every message on a link: `type` is `<component>.<verb|fact>`. */
export interface ActorMessage {
  readonly type: string;
  readonly req?: number;
}

/** A message as callers write it: any protocol's fields beside `type` and `req`. */
export type ActorCommand = ActorMessage & Readonly<Record<string, unknown>>;

/** The `<prefix>` of a `<prefix>.<verb>` type: whom a message is addressed to. */
export function prefixOf(type: string): string {
  return type.slice(0, type.indexOf('.'));
}
