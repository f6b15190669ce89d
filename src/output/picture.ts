import type { Analysis } from '../engine/analysis.js';
import { imageName } from '../project/types.js';
import { namedContextKey } from '../reference/reference.js';

/** How an edge of the picture is drawn. */
export type EdgeState = 'declared' | 'undeclared' | 'unused';

export interface PictureEdge {
  from: string;
  to: string;
  state: EdgeState;
  label: string;
}

/**
 * The edges to draw, once per consumer, producer and state: declared
 * `service:` contexts that a Dockerfile reference uses, undeclared
 * references, and declared contexts that no reference uses.
 */
export function pictureEdges(analysis: Analysis): PictureEdge[] {
  const edges = new Map<string, PictureEdge>();
  for (const edge of analysis.graph.edges) {
    let state: EdgeState = 'undeclared';
    let label: string;
    if (edge.evidence.kind === 'context') {
      const key = edge.evidence.entry.key;
      const build = analysis.builds.find((candidate) => candidate.service.name === edge.from);
      const used = build?.references.some(
        (resolved) => resolved.target.kind === 'external' && namedContextKey(resolved.target.name) === key,
      );
      state = used === true ? 'declared' : 'unused';
      label = key;
    } else {
      label = edge.evidence.contextKey;
    }

    const id = `${edge.from}\u0000${edge.to}\u0000${state}`;
    if (!edges.has(id)) edges.set(id, { from: edge.from, to: edge.to, state, label });
  }
  return [...edges.values()];
}

function nodes(analysis: Analysis): Array<{ name: string; image: string }> {
  return analysis.builds.map(({ service }) => ({ name: service.name, image: imageName(analysis.project, service) }));
}

export function formatMermaid(analysis: Analysis): string {
  const ids = new Map(analysis.builds.map(({ service }, index) => [service.name, `s${index}`]));
  const lines = ['flowchart LR'];
  for (const node of nodes(analysis)) {
    lines.push(`  ${ids.get(node.name)}["${escapeMermaid(node.name)}<br/><small>${escapeMermaid(node.image)}</small>"]`);
  }

  const styles: string[] = [];
  pictureEdges(analysis).forEach((edge, index) => {
    const from = ids.get(edge.from)!;
    const to = ids.get(edge.to)!;
    const label = escapeMermaid(edge.state === 'declared' ? edge.label : `${edge.state}: ${edge.label}`);
    lines.push(edge.state === 'declared' ? `  ${from} -->|"${label}"| ${to}` : `  ${from} -.->|"${label}"| ${to}`);
    if (edge.state === 'undeclared') styles.push(`  linkStyle ${index} stroke:#d00,color:#d00`);
    if (edge.state === 'unused') styles.push(`  linkStyle ${index} stroke:#999,color:#999`);
  });
  return `${[...lines, ...styles].join('\n')}\n`;
}

function escapeMermaid(text: string): string {
  return text.replace(/"/g, '#quot;');
}

export function formatDot(analysis: Analysis): string {
  const lines = [
    `digraph ${JSON.stringify(analysis.project.name)} {`,
    '  rankdir=LR;',
    '  node [shape=box, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const node of nodes(analysis)) {
    lines.push(`  ${JSON.stringify(node.name)} [label=${JSON.stringify(`${node.name}\n${node.image}`)}];`);
  }
  const attributes: Record<EdgeState, string> = {
    declared: 'style=solid',
    undeclared: 'style=dashed, color="#dd0000", fontcolor="#dd0000"',
    unused: 'style=dotted, color="#999999", fontcolor="#999999"',
  };
  for (const edge of pictureEdges(analysis)) {
    const label = edge.state === 'declared' ? edge.label : `${edge.state}: ${edge.label}`;
    lines.push(`  ${JSON.stringify(edge.from)} -> ${JSON.stringify(edge.to)} [label=${JSON.stringify(label)}, ${attributes[edge.state]}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Renders the DOT picture to SVG with Graphviz compiled to WebAssembly, so no system Graphviz is needed. */
export async function formatSvg(analysis: Analysis): Promise<string> {
  const { Graphviz } = await import('@hpcc-js/wasm-graphviz');
  const graphviz = await Graphviz.load();
  return graphviz.dot(formatDot(analysis));
}
