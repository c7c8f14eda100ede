/**
 * The event timeline of the Jobs page (Spark's "Event Timeline"): one lane for
 * executors, a bar from each one's add to its removal (or now), and one lane per job,
 * a bar from submission to completion coloured by status. Drawn in SVG at a fixed
 * width; time runs from the oldest job drawn to now.
 */
import { svg } from './svg.js';

export interface Span {
  readonly label: string;
  readonly start: number;
  readonly end: number | undefined;
  /** CSS class: the status ("succeeded", "failed", "running", "lost", "live"). */
  readonly kind: string;
  readonly title: string;
}

const WIDTH = 1100;
const LANE = 18;
const LABEL = 140;

/** Whole pixels: a bar that moved by a fraction of one is not worth a repaint. */
const round = (x: number): number => Math.round(x);

export function drawTimeline(executors: readonly Span[], jobs: readonly Span[], now: number): SVGSVGElement {
  // Time starts at the oldest job drawn (executors older than it start at the edge),
  // so a long-running application's recent jobs are not squeezed into a sliver.
  const t0 = Math.min(now, ...(jobs.length > 0 ? jobs : executors).map((s) => s.start));
  const all = [...executors, ...jobs];
  const t1 = Math.max(now, ...all.map((s) => s.end ?? now));
  const scale = (t: number): number => LABEL + ((t - t0) / Math.max(1, t1 - t0)) * (WIDTH - LABEL - 10);
  const rows = [...executors, ...jobs];
  const height = rows.length * LANE + 30;
  const root = svg('svg', { class: 'timeline', width: WIDTH, height, viewBox: `0 0 ${WIDTH} ${height}`, 'data-testid': 'timeline' });
  rows.forEach((span, i) => {
    const y = i * LANE + 4;
    // One group per lane, keyed by its label: a live update (morph.ts) then moves
    // and resizes the lanes that stay instead of drawing the timeline anew.
    const lane = svg('g', { 'data-key': span.label });
    lane.appendChild(svg('text', { x: 4, y: y + 12, class: 'lane-label' }, span.label));
    const x = round(scale(Math.max(t0, span.start)));
    const rect = svg('rect', { x, y, width: Math.max(2, round(scale(span.end ?? now) - x)), height: LANE - 6, class: `span ${span.kind}` });
    rect.appendChild(svg('title', {}, span.title));
    lane.appendChild(rect);
    root.appendChild(lane);
  });
  const axisY = rows.length * LANE + 18;
  root.appendChild(svg('line', { x1: LABEL, x2: WIDTH - 10, y1: axisY - 8, y2: axisY - 8, class: 'axis' }));
  root.appendChild(svg('text', { x: LABEL, y: axisY + 6, class: 'axis-label' }, new Date(t0).toLocaleTimeString('en-GB')));
  root.appendChild(svg('text', { x: WIDTH - 10, y: axisY + 6, class: 'axis-label end' }, new Date(t1).toLocaleTimeString('en-GB')));
  return root;
}
