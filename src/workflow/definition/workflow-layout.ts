import type { WorkflowDefinition } from '../../records/workflow-definition.types';
import { EdgeKind, workflowEdges } from './workflow-graph';

/** Box size and gaps of the layout, in SVG user units. */
export const LAYOUT = { nodeWidth: 176, nodeHeight: 52, columnGap: 88, rowGap: 36, margin: 24 } as const;

export interface LaidOutState {
  name: string;
  label: string;
  /** Top-left corner of the box. */
  x: number;
  y: number;
  initial: boolean;
  final: boolean;
  /** e.g. "P3D, lalu expire" when the state has a deadline. */
  deadline: string | null;
}

export interface LaidOutEdge {
  from: string;
  to: string;
  /** The event and, for a branch, its guards, as the Mermaid diagram writes them. */
  label: string;
  kind: EdgeKind;
}

export interface WorkflowLayout {
  width: number;
  height: number;
  states: LaidOutState[];
  edges: LaidOutEdge[];
}

/**
 * A layered drawing of a workflow for the admin page: each state in the column of its
 * shortest distance from the initial state (unreachable ones after the last), in the order
 * they are declared within a column. Edges are listed once per (from, to, label); the page
 * draws them between the boxes. Pure, so the server and its tests agree on every coordinate.
 */
export function layoutWorkflow(definition: WorkflowDefinition): WorkflowLayout {
  const names = Object.keys(definition.states);
  const edges = uniqueEdges(definition);
  const depth = new Map<string, number>([[definition.initial, 0]]);
  const queue = [definition.initial];
  while (queue.length > 0) {
    const from = queue.shift()!;
    for (const edge of edges) {
      if (edge.from === from && !depth.has(edge.to)) {
        depth.set(edge.to, depth.get(from)! + 1);
        queue.push(edge.to);
      }
    }
  }
  const deepest = Math.max(...depth.values());
  const columns: string[][] = [];
  for (const name of names) {
    const column = depth.get(name) ?? deepest + 1;
    (columns[column] ??= []).push(name);
  }
  const { nodeWidth, nodeHeight, columnGap, rowGap, margin } = LAYOUT;
  const states: LaidOutState[] = [];
  columns.forEach((column, c) =>
    column.forEach((name, r) => {
      const state = definition.states[name];
      states.push({
        name,
        label: state.label,
        x: margin + c * (nodeWidth + columnGap),
        y: margin + r * (nodeHeight + rowGap),
        initial: name === definition.initial,
        final: definition.final.includes(name),
        deadline: state.deadline ? `${state.deadline.after}, lalu ${state.deadline.fires}` : null,
      });
    }),
  );
  const rows = Math.max(...columns.map((column) => column?.length ?? 0));
  return {
    width: 2 * margin + columns.length * nodeWidth + (columns.length - 1) * columnGap,
    height: 2 * margin + rows * nodeHeight + (rows - 1) * rowGap,
    states,
    edges,
  };
}

const KIND_SUFFIX: Partial<Record<EdgeKind, string>> = {
  next_step: ' (langkah berikutnya)',
  previous_step: ' (langkah sebelumnya)',
  resume: ' (lanjut dari langkah yang mengembalikan)',
};

function uniqueEdges(definition: WorkflowDefinition): LaidOutEdge[] {
  const seen = new Set<string>();
  const out: LaidOutEdge[] = [];
  for (const edge of workflowEdges(definition)) {
    const condition = edge.kind === 'branch' ? ` [${edge.when!.join(', ')}]` : '';
    const label = `${edge.event}${condition}${KIND_SUFFIX[edge.kind] ?? ''}`;
    const key = `${edge.from}\u0000${edge.to}\u0000${label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ from: edge.from, to: edge.to, label, kind: edge.kind });
  }
  return out;
}
