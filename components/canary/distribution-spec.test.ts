import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { describe, expect, it } from 'vitest';
import { binCentres, distributionOption, distributionTooltip, type DistributionSpec } from './distribution-spec';

const spec: DistributionSpec = {
  edgesMs: [10, 20, 40],
  canary: [0.25, 0.75],
  baseline: [0.5, 0.5],
  canaryLabel: 'canary <img src=x onerror=alert(1)>',
  baselineLabel: 'baseline 1.0.0',
};
const theme = { text: '#111', muted: '#666', grid: '#eee', panel: '#fff', border: '#ccc', series: ['#1', '#2', '#3'] };

// The component draws on a canvas in the browser; the SVG string render needs no DOM.
use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

describe('latency distribution chart spec', () => {
  it('renders both sides as filled step lines (server-side SVG render)', () => {
    const chart = init(null, undefined, { renderer: 'svg', ssr: true, width: 600, height: 240 });
    chart.setOption(distributionOption(spec, theme));
    const svg = chart.renderToSVGString();
    expect(svg).toContain('baseline 1.0.0');
    expect(svg).toContain('canary &lt;img');
    expect(svg).toContain('10.0 ms');
    expect(svg).toContain('40.0 ms');
    chart.dispose();
  });

  it('plots each bin at its geometric centre on a log axis', () => {
    expect(binCentres(spec.edgesMs)).toEqual([Math.sqrt(200), Math.sqrt(800)]);
    const option = distributionOption(spec, theme) as { xAxis: { type: string; min: number; max: number }; series: Array<{ name: string; data: number[][] }> };
    expect(option.xAxis).toMatchObject({ type: 'log', min: 10, max: 40 });
    expect(option.series.map((s) => s.name)).toEqual(['baseline 1.0.0', spec.canaryLabel]);
    expect(option.series[1]!.data).toEqual([
      [Math.sqrt(200), 0.25],
      [Math.sqrt(800), 0.75],
    ]);
  });

  it('tooltips escape names and show the bin range and both shares', () => {
    const html = distributionTooltip(spec, 1);
    expect(html).not.toContain('<img');
    expect(html).toContain('canary &lt;img src=x onerror=alert(1)&gt;: <b>75.0%</b>');
    expect(html).toContain('20.0 ms – 40.0 ms');
    expect(distributionTooltip(spec, 5)).toBe('');
  });
});
