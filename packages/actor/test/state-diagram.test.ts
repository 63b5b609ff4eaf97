import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { mermaidStateDiagram, stateDiagram } from '../src/index.ts';

type Ev =
  | { type: 'toy.probe' }
  | { type: 'toy.attached' }
  | { type: 'toy.failed' }
  | { type: 'toy.read' }
  | { type: 'toy.arm' }
  | { type: 'toy.remove' };

const toy = setup({ types: { events: {} as Ev }, guards: { ours: () => true } }).createMachine({
  id: 'toy',
  initial: 'unprobed',
  on: { 'toy.arm': {} },
  states: {
    unprobed: { on: { 'toy.probe': 'probing', 'toy.read': {} } },
    probing: {
      on: { 'toy.attached': { target: 'probed', guard: 'ours' }, 'toy.failed': 'unprobed' }
    },
    probed: {
      initial: 'idle',
      states: { idle: { on: { 'toy.read': 'reading' } }, reading: { on: { 'toy.read': {} } } },
      on: { 'toy.remove': 'removed' }
    },
    removed: { type: 'final' }
  }
});

describe('state diagrams drawn from the machine', () => {
  it('draws the initial state, every state change with its event and guard, and what a state handles in place', () => {
    expect(stateDiagram(toy)).toBe(
      [
        'stateDiagram-v2',
        '  [*] --> unprobed',
        '  unprobed --> probing: toy.probe',
        '  note right of unprobed',
        '    handles toy.read',
        '  end note',
        '  probing --> probed: toy.attached [ours]',
        '  probing --> unprobed: toy.failed',
        '  state probed {',
        '    [*] --> probed_idle',
        '    probed_idle --> probed_reading: toy.read',
        '    note right of probed_reading',
        '      handles toy.read',
        '    end note',
        '  }',
        '  probed --> removed: toy.remove',
        '  removed --> [*]',
        '  %% in every state: toy.arm'
      ].join('\n')
    );
  });

  it('fences the diagram for a README', () => {
    expect(mermaidStateDiagram(toy)).toBe(`\`\`\`mermaid\n${stateDiagram(toy)}\n\`\`\``);
  });
});
