import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { describe, expect, it } from 'vitest';
import { heatmapOption } from './heatmap-chart';
import { buildHeatmapSpec } from './heatmap-spec';

// The component draws on a canvas in the browser; the SVG string render needs no DOM.
use([SVGRenderer]);

const theme = { text: '#111', muted: '#666', grid: '#eee', panel: '#fff', border: '#ccc', series: [] };

describe('heatmapOption', () => {
  it('draws two category axes, a colour legend and a cell per value (server-side SVG render)', () => {
    const spec = buildHeatmapSpec({
      metric: 'errorRate',
      rows: ['inventory-svc', 'order-svc'],
      columns: ['cn-east-1', 'cn-south-1'],
      cells: [
        { row: 'inventory-svc', column: 'cn-south-1', value: 0.7, calls: 10, errors: 7, rps: 1, errorRate: 0.7, p95Ms: 1200, sloBurn: 700 },
        { row: 'order-svc', column: 'cn-east-1', value: 0.01, calls: 100, errors: 1, rps: 1, errorRate: 0.01, p95Ms: 30, sloBurn: 10 },
      ],
      columnLabel: String,
      names: ['service', 'region'],
      showValues: true,
    });
    const chart = init(null, undefined, { renderer: 'svg', ssr: true, width: 600, height: 300 });
    chart.setOption(heatmapOption(spec, theme));
    const svg = chart.renderToSVGString();
    const tooltip = chart.getOption() as { tooltip?: Array<{ formatter?: (p: { dataIndex: number }) => string }> };
    const html = tooltip.tooltip?.[0]?.formatter?.({ dataIndex: 0 }) ?? '';
    chart.dispose();
    expect(html).toContain('inventory-svc · cn-south-1');
    expect(html).toContain('1.20 s');
    for (const text of ['inventory-svc', 'order-svc', 'cn-east-1', 'cn-south-1', '70.0%', '1.00%']) expect(svg).toContain(text);
  });
});
