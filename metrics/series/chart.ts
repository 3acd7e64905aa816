import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { SeriesPoint } from './series-store.ts';

export interface ChartPanel {
  title: string;
  points: SeriesPoint[];
  /** Formats axis labels (min/max/last). */
  format(value: number): string;
}

export interface ChartOptions {
  title: string;
  subtitle?: string;
  panels: ChartPanel[];
  columns?: number;
  panelWidth?: number;
  panelHeight?: number;
}

const PAD = 16;
const HEADER = 48;

/**
 * Small multiples: one 7-day line per metric, each on its own scale (units differ), in a grid.
 * Pure string building; text is escaped, so metric labels can never break the SVG.
 */
export function buildChartSvg(options: ChartOptions): string {
  const columns = Math.max(1, Math.min(options.columns ?? 2, options.panels.length));
  const rows = Math.max(1, Math.ceil(options.panels.length / columns));
  const panelWidth = options.panelWidth ?? 360;
  const panelHeight = options.panelHeight ?? 150;
  const width = columns * panelWidth + PAD;
  const height = HEADER + rows * panelHeight + PAD;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${PAD}" y="22" font-size="16" font-weight="bold" fill="#111">${escapeXml(options.title)}</text>`,
  ];
  if (options.subtitle) {
    parts.push(`<text x="${PAD}" y="40" font-size="11" fill="#666">${escapeXml(options.subtitle)}</text>`);
  }
  options.panels.forEach((panel, index) => {
    const x = PAD + (index % columns) * panelWidth;
    const y = HEADER + Math.floor(index / columns) * panelHeight;
    parts.push(buildPanel(panel, x, y, panelWidth - PAD, panelHeight - PAD));
  });
  parts.push('</svg>');
  return parts.join('');
}

function buildPanel(panel: ChartPanel, x: number, y: number, width: number, height: number): string {
  const plotTop = y + 20;
  const plotHeight = height - 34;
  const parts = [
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="#f7f8fa" stroke="#dde1e6"/>`,
    `<text x="${x + 8}" y="${y + 14}" font-size="12" fill="#222">${escapeXml(panel.title)}</text>`,
  ];
  const points = panel.points.filter((point) => Number.isFinite(point.value));
  if (points.length < 2) {
    parts.push(
      `<text x="${x + 8}" y="${plotTop + plotHeight / 2}" font-size="11" fill="#999">not enough data</text>`,
    );
    return parts.join('');
  }
  const values = points.map((point) => point.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || Math.abs(max) || 1;
  const t0 = points[0]!.at.getTime();
  const tSpan = points.at(-1)!.at.getTime() - t0 || 1;
  const left = x + 8;
  const plotWidth = width - 16;
  const path = points
    .map((point, index) => {
      const px = left + ((point.at.getTime() - t0) / tSpan) * plotWidth;
      const py = plotTop + plotHeight - ((point.value - min) / span) * plotHeight;
      return `${index === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`;
    })
    .join(' ');
  const rising = values.at(-1)! >= values[0]!;
  parts.push(`<path d="${path}" fill="none" stroke="${rising ? '#1a7f37' : '#cf222e'}" stroke-width="2"/>`);
  parts.push(
    `<text x="${x + width - 8}" y="${y + 14}" font-size="11" text-anchor="end" fill="#222">${escapeXml(panel.format(values.at(-1)!))}</text>`,
    `<text x="${x + 8}" y="${y + height - 4}" font-size="9" fill="#888">min ${escapeXml(panel.format(min))} · max ${escapeXml(panel.format(max))}</text>`,
  );
  return parts.join('');
}

/**
 * Renders in-process (no browser, no network) with the DejaVu Sans files shipped as a dependency,
 * never the system's: a server without fonts otherwise draws every label as nothing.
 */
export function renderPng(svg: string): Uint8Array {
  const font = { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' };
  const png = new Resvg(svg, { fitTo: { mode: 'original' }, font }).render().asPng();
  return new Uint8Array(png);
}

let fontFiles: string[] | undefined;

/** The regular face for labels, the bold one for the chart title. */
function chartFontFiles(): string[] {
  const require = createRequire(import.meta.url);
  fontFiles ??= ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
    require.resolve(`dejavu-fonts-ttf/ttf/${file}`),
  );
  return fontFiles;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
