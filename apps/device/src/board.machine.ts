/**
 * The board's lifecycle: off → booting → running → panicking → crashed →
 * (reboot) → booting …; power-off from running or crashed. A kernel worker
 * that dies while running crashes the board, unless it hosts only a
 * restartable component, which its supervisor restarts while the rest keeps
 * working. The work of each step (spawning workers, the boot sequence, the
 * dump, the teardown) is provided by the Board as promise actors.
 * Kernel counterpart: the machine around the kernel (power, reset, panic()).
 */
import { assign, fromPromise, setup } from 'xstate';
import type { Component } from './components.ts';

export type BoardEvent =
  | { readonly type: 'BOOT' }
  | { readonly type: 'PANIC'; readonly text: string }
  | { readonly type: 'REBOOT' }
  | { readonly type: 'POWEROFF' }
  /** A kernel worker died, or a write budget stopped one: the kernel is gone. */
  | { readonly type: 'CRASH'; readonly why: string }
  /** A restartable component's worker died while the kernel lives. */
  | { readonly type: 'COMPONENT_DIED'; readonly component: Component; readonly why: string };

export interface BoardContext {
  readonly boots: number;
  /** Why the kernel is not running (crash cause, boot failure), or null. */
  readonly why: string | null;
  readonly panicText: string | null;
  readonly restarting: Component | null;
}

/** The work behind each state, supplied by the Board. */
export const boardMachine = setup({
  types: { context: {} as BoardContext, events: {} as BoardEvent },
  actors: {
    boot: fromPromise<void, void>(() => Promise.reject(new Error('boot not provided'))),
    panic: fromPromise<void, { text: string }>(() => Promise.reject(new Error('not provided'))),
    halt: fromPromise<void, void>(() => Promise.reject(new Error('halt not provided'))),
    shutdown: fromPromise<void, { poweroff: boolean }>(() => Promise.reject(new Error('n/a'))),
    restart: fromPromise<void, { component: Component }>(() => Promise.reject(new Error('n/a')))
  }
}).createMachine({
  id: 'board',
  context: { boots: 0, why: null, panicText: null, restarting: null },
  initial: 'off',
  states: {
    off: {
      on: { BOOT: 'booting', REBOOT: 'booting' }
    },
    booting: {
      entry: assign({ boots: ({ context }) => context.boots + 1, why: null, panicText: null }),
      invoke: {
        src: 'boot',
        onDone: 'running',
        onError: {
          target: 'crashing',
          actions: assign({ why: ({ event }) => `boot failed: ${String(event.error)}` })
        }
      },
      on: { CRASH: { target: 'crashing', actions: assign({ why: ({ event }) => event.why }) } }
    },
    running: {
      initial: 'serving',
      states: {
        serving: {
          on: {
            COMPONENT_DIED: {
              target: 'restarting',
              actions: assign({ restarting: ({ event }) => event.component })
            }
          }
        },
        restarting: {
          on: {
            // One restart at a time: another death meanwhile is the kernel's.
            COMPONENT_DIED: {
              target: '#board.crashing',
              actions: assign({
                why: ({ event }) => `${event.component}: ${event.why} while another restarted`
              })
            }
          },
          invoke: {
            src: 'restart',
            input: ({ context }) => ({ component: context.restarting! }),
            onDone: { target: 'serving', actions: assign({ restarting: null }) },
            onError: {
              target: '#board.crashing',
              actions: assign({ why: ({ event }) => `restart failed: ${String(event.error)}` })
            }
          }
        }
      },
      on: {
        PANIC: {
          target: 'panicking',
          actions: assign({ panicText: ({ event }) => event.text })
        },
        REBOOT: 'rebooting',
        POWEROFF: 'poweringOff',
        CRASH: { target: 'crashing', actions: assign({ why: ({ event }) => event.why }) }
      }
    },
    panicking: {
      // panic(): kmsg_dump() runs to completion before the machine goes down.
      invoke: {
        src: 'panic',
        input: ({ context }) => ({ text: context.panicText ?? '' }),
        onDone: {
          target: 'crashing',
          actions: assign({
            why: ({ context }) => `Kernel panic - not syncing: ${context.panicText ?? ''}`
          })
        },
        onError: {
          target: 'crashing',
          actions: assign({ why: ({ event }) => `panic path failed: ${String(event.error)}` })
        }
      },
      on: { CRASH: { target: 'crashing', actions: assign({ why: ({ event }) => event.why }) } }
    },
    crashing: {
      // Every kernel worker is terminated abruptly; RAM stays as it is.
      invoke: { src: 'halt', onDone: 'crashed', onError: 'crashed' }
    },
    crashed: {
      on: { BOOT: 'booting', REBOOT: 'booting', POWEROFF: 'poweringOff' }
    },
    rebooting: {
      invoke: {
        src: 'shutdown',
        input: { poweroff: false },
        onDone: 'booting',
        onError: 'crashing'
      }
    },
    poweringOff: {
      invoke: { src: 'shutdown', input: { poweroff: true }, onDone: 'off', onError: 'off' }
    }
  }
});

export type BoardState =
  | 'off'
  | 'booting'
  | 'running'
  | 'panicking'
  | 'crashing'
  | 'crashed'
  | 'rebooting'
  | 'poweringOff';
