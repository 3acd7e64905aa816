import { describe, expect, it } from 'vitest';
import { renumber } from '../../retrieval/ask.ts';
import { buildHit } from './search-hit.ts';

const passages = [
  buildHit('a', { title: 'Akash Network', section: 'Pricing', path: 'akash.md', docDate: '2025-06-01' }),
  buildHit('b', { title: 'Render Network', section: '', path: 'render.mdx' }),
  buildHit('c', { title: 'Helium', section: 'Mobile', path: 'helium.txt', docDate: '2025-05-01' }),
];

describe('renumber', () => {
  it('numbers sources in the order the answer first cites them', () => {
    const { text, sources } = renumber(
      { text: 'Helium first [3]. Akash next [1]. Helium again [3].', cited: [0, 2] },
      passages,
    );
    expect(text).toBe('Helium first [1]. Akash next [2]. Helium again [1].');
    expect(sources).toEqual([
      { n: 1, kind: 'document', title: 'Helium', section: 'Mobile', path: 'helium.txt', date: '2025-05-01' },
      {
        n: 2,
        kind: 'document',
        title: 'Akash Network',
        section: 'Pricing',
        path: 'akash.md',
        date: '2025-06-01',
      },
    ]);
  });

  it('lists only cited passages, with an empty section left out', () => {
    const { sources } = renumber({ text: 'Render burns tokens [2].', cited: [1] }, passages);
    expect(sources).toEqual([
      {
        n: 1,
        kind: 'document',
        title: 'Render Network',
        section: undefined,
        path: 'render.mdx',
        date: undefined,
      },
    ]);
  });

  it('removes citations of passages that were not given', () => {
    const { text, sources } = renumber(
      { text: 'Known [2] and unknown [7] and zero [0].', cited: [1] },
      passages,
    );
    expect(text).toBe('Known [1] and unknown  and zero .');
    expect(sources.map((source) => source.path)).toEqual(['render.mdx']);
  });
});

describe('renumber with document links', () => {
  it("carries a document's front-matter url into its source, and leaves it out when there is none", () => {
    const linked = buildHit('x', {
      title: 'Akash docs',
      path: 'akash.md',
      url: 'https://akash.network/docs',
    });
    const plain = buildHit('y', { title: 'Notes', path: 'notes.md' });
    const { sources } = renumber({ text: 'One [1]. Two [2].', cited: [0, 1] }, [linked, plain]);
    expect(sources[0]).toMatchObject({ n: 1, url: 'https://akash.network/docs', path: 'akash.md' });
    expect(sources[1]).not.toHaveProperty('url');
  });
});
