import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../retrieval/sentences.ts';

describe('splitSentences', () => {
  it('reads each table row as a sentence with its cells labelled by column', () => {
    const text = [
      'The index lists every proposal with its status below.',
      '',
      '| AEP | Title | Status |',
      '|:---|---|---:|',
      '| [54](spec/aep-54) | NextGen AMD GPU support | Draft |',
      '| 60 | Akash HomeNode - MVP | |',
      '',
      'Proposals move from Draft to Final once they are accepted.',
    ].join('\n');
    expect(splitSentences(text)).toEqual([
      'The index lists every proposal with its status below.',
      'AEP: 54; Title: NextGen AMD GPU support; Status: Draft.',
      'AEP: 60; Title: Akash HomeNode - MVP.',
      'Proposals move from Draft to Final once they are accepted.',
    ]);
  });

  it('drops a row of pipes that has no header, and Markdown noise', () => {
    const text = '| just | a row |\n\n![chart](x.png) Providers earn AKT for every block they serve.';
    expect(splitSentences(text)).toEqual(['Providers earn AKT for every block they serve.']);
  });

  it('joins lines wrapped mid-sentence and splits at sentence ends', () => {
    expect(splitSentences('Render pays node\noperators weekly. Jobs are\nassigned by tier.')).toEqual([
      'Render pays node operators weekly.',
      'Jobs are assigned by tier.',
    ]);
  });

  it('reads a list item with short items under it, or a lead-in line and its short items, as one sentence', () => {
    const text = [
      '- Minimum Requirements (Per Node)',
      '  - CPU: 4 cores',
      '  - RAM: 8GB',
      '- Important notes',
      '  - CPU is typically the largest resource bottleneck on a provider',
      '',
      'Recommended specifications:',
      '- CPU: 8 cores',
      '- RAM: 16GB',
    ].join('\n');
    expect(splitSentences(text)).toEqual([
      'Minimum Requirements (Per Node): CPU: 4 cores; RAM: 8GB.',
      'CPU is typically the largest resource bottleneck on a provider',
      'Recommended specifications: CPU: 8 cores; RAM: 16GB.',
    ]);
  });
});
