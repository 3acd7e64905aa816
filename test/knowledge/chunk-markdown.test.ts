import { describe, expect, it } from 'vitest';
import { chunkMarkdown, splitSections } from '../../knowledge/chunk-markdown.ts';

describe('chunkMarkdown', () => {
  it('gives every chunk the headings above it, without the document title', async () => {
    const markdown = [
      '# Akash Network',
      '',
      'An open marketplace for cloud compute.',
      '',
      '## Pricing',
      '',
      'Providers bid in a reverse auction.',
      '',
      '### GPU leases',
      '',
      'GPU leases are priced per hour by the winning bid.',
      '',
      '## Token',
      '',
      'AKT secures the chain through staking.',
    ].join('\n');
    const chunks = await chunkMarkdown(markdown);
    expect(chunks.map((chunk) => [chunk.headingPath, chunk.text])).toEqual([
      [[], 'An open marketplace for cloud compute.'],
      [['Pricing'], 'Providers bid in a reverse auction.'],
      [['Pricing', 'GPU leases'], 'GPU leases are priced per hour by the winning bid.'],
      [['Token'], 'AKT secures the chain through staking.'],
    ]);
    expect(chunks.map((chunk) => chunk.position)).toEqual([0, 1, 2, 3]);
  });

  it('splits a section longer than the chunk size into several chunks that keep its heading path', async () => {
    const sentences = Array.from(
      { length: 60 },
      (_, index) => `Sentence ${index} explains how storage providers seal sectors for clients.`,
    );
    const paragraphs = [0, 1, 2, 3, 4, 5].map((part) => sentences.slice(part * 10, part * 10 + 10).join(' '));
    const markdown = `# Filecoin\n\n## Storage\n\n### Sealing\n\n${paragraphs.join('\n\n')}`;
    const chunks = await chunkMarkdown(markdown, { chunkSize: 500, chunkOverlap: 50 });
    expect(chunks.length).toBeGreaterThanOrEqual(8);
    for (const chunk of chunks) {
      expect(chunk.headingPath).toEqual(['Storage', 'Sealing']);
      expect(chunk.text.length).toBeLessThanOrEqual(500);
    }
    expect(chunks.map((chunk) => chunk.position)).toEqual(chunks.map((_, index) => index));
    expect(chunks[0]?.text).toContain('Sentence 0 ');
    expect(chunks.at(-1)?.text).toContain('Sentence 59 ');
  });

  it('drops sections without words and ignores heading markup inside code fences', async () => {
    const markdown = [
      '# Doc',
      '',
      '## Empty',
      '',
      '---',
      '',
      '## Code',
      '',
      '```',
      '# not a heading',
      '```',
    ].join('\n');
    const chunks = await chunkMarkdown(markdown);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.headingPath).toEqual(['Code']);
    expect(chunks[0]?.text).toContain('# not a heading');
  });
});

describe('splitSections', () => {
  it('reads a bare ### line followed by a short line as a heading (scraped pages)', () => {
    const sections = splitSections(
      ['# Hivemapper', '', '###', 'Map coverage', '', 'Drivers earn HONEY for fresh imagery.'].join('\n'),
    );
    const withText = sections.filter((section) => section.body.trim() !== '');
    expect(withText).toEqual([
      { headingPath: ['Map coverage'], body: expect.stringContaining('Drivers earn HONEY') },
    ]);
  });

  it('makes a stand-alone question line a heading, and each following question a sibling', () => {
    const markdown = [
      '# FAQ',
      '',
      '## Basics',
      '',
      'What is DePIN?',
      '',
      'Networks that pay people in tokens to run hardware.',
      '',
      'Who pays for the coverage?',
      '',
      'Customers buy data credits.',
    ].join('\n');
    const sections = splitSections(markdown).filter((section) => section.body.trim() !== '');
    expect(sections.map((section) => section.headingPath)).toEqual([
      ['Basics', 'What is DePIN?'],
      ['Basics', 'Who pays for the coverage?'],
    ]);
  });

  it('leaves questions inside a paragraph or a list as text', () => {
    const markdown = [
      '# Notes',
      '',
      'People often ask:',
      'Is the reward schedule fixed?',
      'It changes by governance vote.',
      '',
      '- Does it need a GPU?',
    ].join('\n');
    const sections = splitSections(markdown);
    expect(sections.every((section) => section.headingPath.length === 0)).toBe(true);
    expect(sections.map((section) => section.body).join('\n')).toContain('Is the reward schedule fixed?');
  });
});
