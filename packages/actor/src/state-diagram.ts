/**
 * A machine's states as a Mermaid state diagram, drawn from the machine
 * itself: package READMEs embed it and a test checks the README still
 * shows the machine as it is, so the picture cannot drift from the code.
 * Kernel counterpart: none.
 *
 * Drawn: the initial state, every transition that changes state (labelled
 * with its event, and its guard when it has a named one), final states, and
 * in a note per state the events it handles without leaving it.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';

type Transition = {
  readonly eventType: string;
  readonly target?: readonly AnyStateNode[] | undefined;
  readonly guard?: unknown;
};

const label = (t: Transition): string => {
  const g = t.guard as { type?: unknown } | string | undefined;
  const name = typeof g === 'string' ? g : typeof g?.type === 'string' ? g.type : null;
  return name ? `${t.eventType} [${name}]` : t.eventType;
};

/** A state's name in the diagram: its path below the root, dots as underscores. */
const nameOf = (node: AnyStateNode): string => node.path.join('_');

function drawNode(node: AnyStateNode, indent: string, out: string[]): void {
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length) {
    const inner = node.parent ? `${indent}  ` : indent;
    if (node.parent) out.push(`${indent}state ${nameOf(node)} {`);
    const initial = node.initial?.target?.[0];
    if (initial) out.push(`${inner}[*] --> ${nameOf(initial)}`);
    for (const child of children) drawNode(child, inner, out);
    if (node.parent) out.push(`${indent}}`);
  }
  const stays: string[] = [];
  for (const [, list] of node.transitions) {
    for (const t of list as Transition[]) {
      const targets = t.target ?? [];
      if (!targets.length) stays.push(label(t));
      // A transition of the root leaves any state: drawn from each of them.
      const from = node.parent ? [node] : children;
      for (const to of targets) {
        for (const f of from) out.push(`${indent}${nameOf(f)} --> ${nameOf(to)}: ${label(t)}`);
      }
    }
  }
  if (!node.parent) {
    // Mermaid cannot attach a note to the whole diagram: a comment says it.
    if (stays.length) out.push(`${indent}%% in every state: ${stays.join(', ')}`);
    return;
  }
  if (node.type === 'final') out.push(`${indent}${nameOf(node)} --> [*]`);
  if (stays.length) {
    out.push(
      `${indent}note right of ${nameOf(node)}`,
      `${indent}  handles ${stays.join(', ')}`,
      `${indent}end note`
    );
  }
}

/** The `stateDiagram-v2` text of `machine` (without the ```mermaid fence). */
export function stateDiagram(machine: AnyStateMachine): string {
  const out = ['stateDiagram-v2'];
  drawNode(machine.root, '  ', out);
  return out.join('\n');
}

/**
 * The diagram as a README shows it: a ```mermaid block. A package's README
 * test checks `readme.includes(mermaidStateDiagram(machine))`.
 */
export function mermaidStateDiagram(machine: AnyStateMachine): string {
  return ['```mermaid', stateDiagram(machine), '```'].join('\n');
}
