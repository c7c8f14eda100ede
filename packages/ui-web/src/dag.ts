/**
 * A stage's RDD graph drawn as boxes and arrows (Spark's "DAG Visualization"), laid
 * out by dagre from the stage's RDDs and their parents. A checkpointed RDD now reads
 * only its checkpoint, so its old lineage is gone from the graph: its box is drawn as
 * the cut, with a scissors line between it and the checkpoint RDD it reads, and RDDs
 * read across a shuffle (from an earlier stage) are drawn as dashed boxes.
 */
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { RddNode } from './rest-types.js';
import { svg } from './svg.js';

const NODE_W = 190;
const NODE_H = 46;

/** Wide enough for its name: a stream's RDDs are named like "InternalMapWithStateDStream-2 @ 1796501294000 ms". */
function widthOf(label: string): number {
  return Math.max(NODE_W, Math.ceil(label.length * 7.2) + 20);
}

function labelOf(rdd: RddNode | undefined, id: string): string {
  return rdd === undefined ? `RDD ${id}` : `${rdd.name} [${rdd.id}]`;
}

export function drawRddGraph(rdds: readonly RddNode[]): SVGSVGElement {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 40, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(rdds.map((r) => r.id));
  for (const r of rdds) g.setNode(String(r.id), { width: widthOf(labelOf(r, String(r.id))), height: NODE_H });
  // Parents outside the stage are read across a shuffle: a dashed box per parent.
  const external = new Set<number>();
  for (const r of rdds) for (const p of [...r.parentIds, ...(r.shuffleParentIds ?? [])]) if (!ids.has(p)) external.add(p);
  for (const p of external) g.setNode(String(p), { width: NODE_W, height: NODE_H });
  for (const r of rdds) {
    for (const p of r.parentIds) g.setEdge(String(p), String(r.id), { shuffle: false });
    for (const p of r.shuffleParentIds ?? []) g.setEdge(String(p), String(r.id), { shuffle: true });
  }
  dagre.layout(g);

  const { width = 400, height = 200 } = g.graph() as GraphLabel;
  const root = svg('svg', { class: 'dag', width, height, viewBox: `0 0 ${width} ${height}`, 'data-testid': 'stage-dag' });
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.appendChild(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }));
  defs.appendChild(marker);
  root.appendChild(defs);

  const byId = new Map(rdds.map((r) => [r.id, r]));
  for (const e of g.edges() as { v: string; w: string }[]) {
    const points = (g.edge(e) as EdgeLabel).points ?? [];
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x} ${p.y}`).join(' ');
    const child = byId.get(Number(e.w));
    const isShuffle = child?.shuffleParentIds?.includes(Number(e.v)) === true;
    root.appendChild(svg('path', { d, class: isShuffle ? 'edge shuffle' : 'edge', 'marker-end': 'url(#arrow)' }));
  }
  for (const id of g.nodes() as string[]) {
    const label = g.node(id) as NodeLabel;
    const n = { x: label.x ?? 0, y: label.y ?? 0 };
    const rdd = byId.get(Number(id));
    const w = label.width;
    const x = n.x - w / 2;
    const y = n.y - NODE_H / 2;
    const classes = ['rdd'];
    if (rdd === undefined) classes.push('external');
    if (rdd?.cached === true) classes.push('cached');
    if (rdd?.checkpointed === true) classes.push('checkpointed');
    const box = svg('g', { class: classes.join(' '), 'data-rdd-id': id, 'data-checkpointed': String(rdd?.checkpointed === true) });
    box.appendChild(svg('rect', { x, y, width: w, height: NODE_H, rx: 5 }));
    box.appendChild(svg('text', { x: n.x, y: y + 18, class: 'rdd-name' }, labelOf(rdd, id)));
    box.appendChild(svg('text', { x: n.x, y: y + 35, class: 'rdd-kind' }, rdd === undefined ? 'earlier stage (shuffle)' : describe(rdd)));
    box.appendChild(svg('title', {}, rdd === undefined ? `RDD ${id}, read across a shuffle` : tooltip(rdd)));
    root.appendChild(box);
    if (rdd?.checkpointed === true) root.appendChild(cutMark(n.x, w, y - 12));
  }
  return root;
}

function describe(rdd: RddNode): string {
  const marks = [rdd.cached === true ? 'cached' : '', rdd.checkpointed === true ? 'checkpointed' : rdd.checkpointMarked === true ? 'checkpoint pending' : ''];
  return [rdd.kind, ...marks.filter((m) => m !== '')].join(' · ');
}

function tooltip(rdd: RddNode): string {
  const lines = [`${rdd.kind} ${rdd.id}: ${rdd.name}`];
  if (rdd.numPartitions !== undefined) lines.push(`${rdd.numPartitions} partitions`);
  if (rdd.storageLevel !== undefined && rdd.storageLevel !== '') lines.push(rdd.storageLevel);
  if (rdd.checkpointFile !== undefined) lines.push(`checkpoint: ${rdd.checkpointFile}`);
  return lines.join('\n');
}

/** The cut: a dashed red line with scissors above a checkpointed RDD, where its lineage ended. */
function cutMark(cx: number, width: number, y: number): SVGGElement {
  const g = svg('g', { class: 'checkpoint-cut', 'data-testid': 'checkpoint-cut' });
  g.appendChild(svg('line', { x1: cx - width / 2 - 10, x2: cx + width / 2 + 10, y1: y + 4, y2: y + 4 }));
  g.appendChild(svg('text', { x: cx + width / 2 + 14, y: y + 8, class: 'cut-label' }, '✂ lineage cut by checkpoint'));
  return g;
}
