import { format, type EChartsCoreOption } from 'echarts/core';
import type { ThemeColors } from '../chart-theme';
import { formatPercent, formatRate } from '../format';
import type { EdgeState, GraphSpec } from './graph-spec';

const COLUMN_PX = 220;
const ROW_PX = 70;

function stateColor(state: EdgeState | null, theme: ThemeColors, css: CSSStyleDeclaration): string {
  if (state === 'OPEN') return css.getPropertyValue('--error').trim();
  if (state === 'HALF_OPEN') return css.getPropertyValue('--warn').trim();
  return state === 'CLOSED' ? css.getPropertyValue('--ok').trim() : theme.muted;
}

const STATE_TEXT: Record<EdgeState, string> = { CLOSED: 'closed', OPEN: 'OPEN', HALF_OPEN: 'half-open' };

/** ECharts graph option for the service map; every data-derived tooltip string is escaped. */
export function graphOption(spec: GraphSpec, theme: ThemeColors): EChartsCoreOption {
  const css = getComputedStyle(document.documentElement);
  const maxRps = Math.max(1, ...spec.nodes.map((n) => n.rps));
  return {
    animation: false,
    textStyle: { color: theme.text, fontFamily: 'inherit' },
    tooltip: {
      backgroundColor: theme.panel,
      borderColor: theme.border,
      textStyle: { color: theme.text, fontSize: 12 },
      formatter: (p: { dataType?: string; data?: unknown }) => {
        if (p.dataType === 'edge') {
          const e = p.data as GraphSpec['edges'][number];
          return `${format.encodeHTML(`${e.source} → ${e.target}`)}<br/>breaker <b>${format.encodeHTML(STATE_TEXT[e.state])}</b><br/>${format.encodeHTML(
            `${formatPercent(e.errorRate)} errors · ${formatRate(e.rps)}/s`,
          )}`;
        }
        const n = p.data as { name: string; rps: number };
        return `<b>${format.encodeHTML(n.name)}</b><br/>${format.encodeHTML(`${formatRate(n.rps)}/s in`)}`;
      },
    },
    series: [
      {
        type: 'graph',
        layout: 'none',
        roam: 'move',
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 8,
        label: { show: true, position: 'bottom', color: theme.text, fontSize: 11 },
        lineStyle: { curveness: 0.08, opacity: 0.9 },
        emphasis: { focus: 'adjacency', lineStyle: { width: 4 } },
        data: spec.nodes.map((n) => ({
          id: n.id,
          name: n.id,
          rps: n.rps,
          x: n.x * COLUMN_PX,
          y: n.y * ROW_PX,
          symbolSize: 14 + 22 * Math.sqrt(n.rps / maxRps),
          itemStyle: { color: theme.panel, borderColor: stateColor(n.worst, theme, css), borderWidth: n.worst === 'OPEN' ? 4 : 2 },
        })),
        links: spec.edges.map((e) => ({
          ...e,
          lineStyle: { color: stateColor(e.state, theme, css), width: e.state === 'CLOSED' ? 1.5 : 3, type: e.state === 'HALF_OPEN' ? 'dashed' : 'solid' },
        })),
      },
    ],
  };
}
