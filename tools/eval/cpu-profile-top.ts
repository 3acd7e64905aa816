import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** The parts of a V8 .cpuprofile (node --cpu-prof, inspector's Profiler.stop) that self time needs. */
const ProfileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({
        functionName: z.string(),
        url: z.string(),
        lineNumber: z.number(),
      }),
    }),
  ),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

export type CpuProfile = z.infer<typeof ProfileSchema>;

export interface SelfTime {
  /** 'name file:line', the same function wherever it was called from. */
  name: string;
  ms: number;
  share: number;
}

/**
 * Self time per function: each sample's interval charged to the function on top of the stack,
 * summed over every call path that reached it. Sorted longest first.
 */
export function selfTimes(profile: CpuProfile, root = process.cwd()): SelfTime[] {
  const nameOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.startsWith('file://') ? relative(root, fileURLToPath(url)) : url;
    const where = file ? ` ${file}:${lineNumber + 1}` : '';
    nameOf.set(node.id, `${functionName || '(anonymous)'}${where}`);
  }
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((nodeId, index) => {
    // A sample's delta is the time since the previous one; the next delta is this sample's interval.
    const micros = profile.timeDeltas[index + 1] ?? 0;
    const name = nameOf.get(nodeId) ?? '(unknown)';
    totals.set(name, (totals.get(name) ?? 0) + micros);
    all += micros;
  });
  return [...totals]
    .map(([name, micros]) => ({ name, ms: micros / 1000, share: all > 0 ? micros / all : 0 }))
    .sort((a, b) => b.ms - a.ms);
}

/** One row of a self-time table: share, milliseconds, function. */
export function formatSelfTime(row: SelfTime): string {
  return `${(row.share * 100).toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`;
}

export function parseCpuProfile(text: string): CpuProfile {
  return ProfileSchema.parse(JSON.parse(text));
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '30' } },
  });
  const file = positionals[0];
  if (!file) {
    console.error('usage: npx tsx tools/eval/cpu-profile-top.ts <file.cpuprofile> [--top 30]');
    process.exitCode = 2;
    return;
  }
  const profile = parseCpuProfile(readFileSync(file, 'utf8'));
  const rows = selfTimes(profile).slice(0, Number(values.top));
  const wall = (profile.endTime - profile.startTime) / 1e6;
  console.log(`${file}: ${wall.toFixed(1)} s profiled; top functions by self time`);
  for (const row of rows) console.log(formatSelfTime(row));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
