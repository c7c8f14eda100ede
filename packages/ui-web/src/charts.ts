/**
 * The streaming page's charts (Spark's streaming statistics graphs): one metric over
 * the retained batches, with the batches that wrote a checkpoint marked by their own
 * points so the saw-tooth of checkpointing batches shows. Drawn by uPlot, created
 * once and given new data each poll (re-creating a canvas chart per poll would
 * flicker and cost the browser more than the data).
 */
import uPlot from 'uplot';

export interface ChartPoint {
  /** Batch time, epoch ms. */
  readonly time: number;
  readonly value: number | null;
  readonly checkpointed: boolean;
}

/** 1500 → 1.5k, 800000 → 800k: axis labels stay narrow at streaming rates. */
export function compact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${+(n / 1e3).toFixed(0)}k`;
  return String(+n.toFixed(1));
}

export class BatchChart {
  private readonly plot: uPlot;

  constructor(
    readonly container: HTMLElement,
    title: string,
    unit: string,
  ) {
    const opts: uPlot.Options = {
      title,
      width: 540,
      height: 200,
      scales: { x: { time: true } },
      series: [
        {},
        { label: title, stroke: '#3b6fb6', width: 1.5, fill: 'rgba(59,111,182,0.08)', value: (_u, v) => (v === null ? '–' : `${v.toFixed(1)} ${unit}`) },
        {
          label: 'checkpointed batch',
          stroke: '#d9480f',
          width: 0,
          // Points only: a checkpointing batch is an event on the line, not a second line.
          paths: () => null,
          points: { show: true, size: 8, fill: '#d9480f', stroke: '#d9480f' },
          value: (_u, v) => (v === null ? '' : `${v.toFixed(1)} ${unit}`),
        },
      ],
      axes: [{}, { size: 80, values: (_u, ticks) => ticks.map((t) => `${compact(t)} ${unit}`) }],
    };
    this.plot = new uPlot(opts, [[], [], []], container);
  }

  private drawn = '';

  /** Removes the chart and the window listeners uPlot added for it. */
  destroy(): void {
    this.plot.destroy();
  }

  setPoints(points: readonly ChartPoint[]): void {
    const sorted = [...points].sort((a, b) => a.time - b.time);
    // Redraw only when a batch was added, dropped or changed: a canvas redraw is the
    // dearest thing a poll does in the browser.
    const key = `${sorted.length}:${sorted[0]?.time}:${sorted.at(-1)?.time}:${sorted.at(-1)?.value}:${sorted.filter((p) => p.checkpointed).length}`;
    if (key === this.drawn) return;
    this.drawn = key;
    const xs = sorted.map((p) => p.time / 1000);
    const ys = sorted.map((p) => p.value);
    const cps = sorted.map((p) => (p.checkpointed ? p.value : null));
    this.plot.setData([xs, ys, cps] as unknown as uPlot.AlignedData);
    // What the chart shows, for readers of the DOM (and the browser tests).
    this.container.dataset['points'] = String(sorted.length);
    this.container.dataset['checkpointed'] = String(cps.filter((v) => v !== null).length);
    this.container.dataset['lastTime'] = String(sorted.at(-1)?.time ?? '');
  }
}
