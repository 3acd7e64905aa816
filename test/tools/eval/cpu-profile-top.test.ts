import { describe, expect, it } from 'vitest';
import { parseCpuProfile, selfTimes } from '../../../tools/eval/cpu-profile-top.ts';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

describe('cpu-profile-top', () => {
  it('charges each sample interval to the function on top, summed over call paths', () => {
    const profile = parseCpuProfile(
      JSON.stringify({
        nodes: [
          { id: 1, callFrame: frame('(root)') },
          { id: 2, callFrame: frame('embed', 'file:///repo/retrieval/local-embedder.ts', 9) },
          // The same function reached by another path.
          { id: 3, callFrame: frame('embed', 'file:///repo/retrieval/local-embedder.ts', 9) },
          { id: 4, callFrame: frame('', 'wasm://wasm/abc') },
        ],
        startTime: 0,
        endTime: 10_000,
        samples: [2, 3, 4, 2],
        // Each delta is the time since the previous sample; the last sample's interval is unknown.
        timeDeltas: [0, 1000, 3000, 2000],
      }),
    );
    expect(selfTimes(profile, '/repo')).toEqual(
      [
        { name: '(anonymous) wasm://wasm/abc:1', ms: 2, share: 2 / 6 },
        { name: 'embed retrieval/local-embedder.ts:10', ms: 4, share: 4 / 6 },
      ].sort((a, b) => b.ms - a.ms),
    );
  });

  it('refuses a file that is no CPU profile', () => {
    expect(() => parseCpuProfile('{"nodes": []}')).toThrow();
  });
});
