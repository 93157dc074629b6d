/** A workflow file in force, as the admin list shows it. */
export class WorkflowSummaryDto {
  /** File stem, e.g. `surat-keluar`. */
  key: string;
  version: number;
  name: string;
  description: string | null;
  stateCount: number;
  eventCount: number;
}

/** A state's box on the diagram: top-left corner in SVG user units. */
export class DiagramStateDto {
  name: string;
  label: string;
  x: number;
  y: number;
  initial: boolean;
  final: boolean;
  /** e.g. "PT48H, lalu remind"; null when the state has no deadline. */
  deadline: string | null;
}

/** An allowed transition (or a stay), labelled with its event. */
export class DiagramEdgeDto {
  from: string;
  to: string;
  label: string;
  /** go, branch, next_step, previous_step, stay or resume. */
  kind: string;
}

/** A workflow laid out for drawing: the page draws the boxes and arrows as SVG. */
export class WorkflowDiagramDto {
  key: string;
  version: number;
  name: string;
  width: number;
  height: number;
  nodeWidth: number;
  nodeHeight: number;
  states: DiagramStateDto[];
  edges: DiagramEdgeDto[];
  /** The same diagram as Mermaid text (what `npm run workflows:diagram` prints). */
  mermaid: string;
}
