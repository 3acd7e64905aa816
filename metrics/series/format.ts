import type { Unit } from './catalogue.ts';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

/** A value in its unit, short enough for a chat line ("$1.78B", "247 GPUs", "$0.00045"). */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'count':
      return integer.format(value);
    case 'gpus':
      return `${integer.format(value)} GPUs`;
    case 'vcpu':
      return `${integer.format(value)} vCPUs`;
    case 'percent':
      return `${value.toFixed(1)} %`;
    case 'usd':
      return formatUsd(value);
    case 'usd_per_day':
      return `${formatUsd(value)}/day`;
    case 'usd_per_30d':
      return `${formatUsd(value)} (30 d)`;
    case 'akt_per_day':
      return `${integer.format(value)} AKT/day`;
    case 'usd_per_gpu_hour':
      return `$${value.toFixed(2)}/GPU-hour`;
  }
}

export function formatUsd(value: number): string {
  if (value >= 100_000) return `$${compact.format(value)}`;
  if (value >= 1) return `$${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
  if (value === 0) return '$0';
  return `$${Number(value.toPrecision(3))}`;
}

export function formatChange(percent: number | undefined): string {
  if (percent === undefined || !Number.isFinite(percent)) return 'n/a';
  const sign = percent > 0 ? '+' : percent < 0 ? '−' : '±';
  return `${sign}${Math.abs(percent).toFixed(1)} %`;
}

/** "akash" → "Akash": network ids as names in prose. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function formatAge(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

export function percentChange(current: number, previous: number | undefined): number | undefined {
  if (previous === undefined || previous === 0) return undefined;
  return ((current - previous) / Math.abs(previous)) * 100;
}
