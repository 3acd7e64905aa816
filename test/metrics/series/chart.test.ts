import { describe, expect, it } from 'vitest';
import { buildChartSvg, renderPng, type ChartOptions } from '../../../metrics/series/chart.ts';
import { countInk, decodePng } from './png-pixels.ts';

const day = 24 * 60 * 60 * 1000;

function chart(title: string, panelTitle: string): ChartOptions {
  return {
    title,
    panels: [
      {
        title: panelTitle,
        points: [0, 1, 2].map((n) => ({ at: new Date(Date.UTC(2026, 3, 20) + n * day), value: 10 + n })),
        format: (value) => `$${value}`,
      },
    ],
  };
}

// The chart title's line (bold, y 22) and the first panel's label (regular, y 48 + 14).
const titleBox = { x: 16, y: 6, width: 300, height: 22 };
const panelLabelBox = { x: 24, y: 50, width: 200, height: 16 };

describe('chart rendering', () => {
  it('draws the title and panel labels with the shipped font, where system fonts are never loaded', () => {
    const withText = decodePng(renderPng(buildChartSvg(chart('Akash weekly', 'GPUs available'))));
    const withoutText = decodePng(renderPng(buildChartSvg(chart('', ''))));
    expect(countInk(withoutText, titleBox)).toBe(0);
    expect(countInk(withoutText, panelLabelBox)).toBe(0);
    // Text at 16 px bold and 12 px regular leaves well over a hundred dark pixels each.
    expect(countInk(withText, titleBox)).toBeGreaterThan(100);
    expect(countInk(withText, panelLabelBox)).toBeGreaterThan(100);
  });
});
