import { describe, expect, it } from 'vitest';
import { frontMatterUrl, parseDocument, type ParsedDocument } from '../../knowledge/parse-document.ts';

function parsed(fileName: string, content: string): ParsedDocument {
  const result = parseDocument(fileName, content);
  if (!result.ok) throw new Error(`expected ${fileName} to parse: ${result.reason}`);
  return result.value;
}

describe('parseDocument', () => {
  it('takes title and date from front matter and removes it from the body', () => {
    const document = parsed(
      'akash.md',
      '---\ntitle: "Akash Network"\ndate: 2025-06-01\ntags: [compute]\n---\n# Something else\n\nBody text.',
    );
    expect(document.title).toBe('Akash Network');
    expect(document.date).toBe('2025-06-01');
    expect(document.body).not.toContain('tags:');
    expect(document.body).toContain('Body text.');
  });

  it('takes a web address from front matter `url`, and ignores one that is not http(s)', () => {
    const linked = parsed('a.md', '---\ntitle: A\nurl: "https://docs.akash.network/providers"\n---\nBody.');
    expect(linked.url).toBe('https://docs.akash.network/providers');
    expect(linked.body).not.toContain('url:');
    expect(parsed('b.md', '---\nurl: javascript:alert(1)\n---\nBody.').url).toBeUndefined();
    expect(parsed('c.md', '# C\n\nNo front matter.').url).toBeUndefined();
    expect(frontMatterUrl('---\nurl: https://example.org/x\n---\nBody.')).toBe('https://example.org/x');
  });

  it('reads the same url from the front matter alone as from the whole file, whatever the line endings', () => {
    const url = 'url: https://example.org/x';
    const contents = [
      `---\n${url}\n---\nBody.`,
      `\uFEFF---\r\ntitle: A\r\n${url}\r\n---  \r\nBody.\r\n`,
      `---\r${url}\r---\rBody.`,
      `---\ntitle: A\n---\n${url}\n---\nBody.`,
      `---\n${url}\n---`,
      `---\n${url}\n--- not the end\n---x\n---\n`,
      `---\n${url}\n`,
      `Body first.\n---\n${url}\n---\n`,
      `---\n---\n${url}\n---\n`,
    ];
    for (const content of contents) expect(frontMatterUrl(content)).toBe(parsed('a.md', content).url);
    expect(contents.map(frontMatterUrl).filter(Boolean)).toHaveLength(6);
  });

  it('repairs a scraped page whose UTF-8 was read as Latin-1, in its title and body', () => {
    const misread = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
    const parsed = parseDocument(
      'page.md',
      `---\ntitle: ${misread('Render Network®')}\n---\n\n${misread('The world’s first GPU network.')}\n`,
    );
    expect(parsed.ok && parsed.value.title).toBe('Render Network®');
    expect(parsed.ok && parsed.value.body.trim()).toBe('The world’s first GPU network.');
  });

  it('falls back to `updated` for the date and drops a date that is not one', () => {
    expect(parsed('a.md', '---\nupdated: 2024-12-31\n---\ntext').date).toBe('2024-12-31');
    expect(parsed('a.md', '---\ndate: sometime soon\n---\ntext').date).toBeUndefined();
  });

  it('uses the first level-one heading, then the file name, as the title', () => {
    expect(parsed('x.md', 'Intro\n\n# The [Render](https://render.com) *Network*\n\ntext').title).toBe(
      'The Render Network',
    );
    expect(parsed('docs/helium-mobile_plans.txt', 'Plain text without headings.').title).toBe(
      'Helium Mobile Plans',
    );
    expect(parsed('docs/filecoin/index.md', 'no heading here').title).toBe('Filecoin');
  });

  it('strips MDX imports, exports, comments and JSX tags but keeps their text and code fences', () => {
    const mdx = [
      "import { Callout } from '../components/callout';",
      'export const meta = { draft: false };',
      '',
      '# Render',
      '',
      '<Callout type="info">',
      'Render pays node operators for GPU work.',
      '</Callout>',
      '{/* reviewer note */}',
      '<Chart data={series} />',
      '',
      '```tsx',
      '<Keep me="inside the fence" />',
      '```',
    ].join('\n');
    const document = parsed('render.mdx', mdx);
    expect(document.body).toContain('Render pays node operators for GPU work.');
    expect(document.body).toContain('<Keep me="inside the fence" />');
    for (const gone of ['import {', 'export const', '<Callout', '</Callout>', 'reviewer note', '<Chart'])
      expect(document.body).not.toContain(gone);
  });

  it('keeps JSX-looking text in plain Markdown but drops HTML comments', () => {
    const document = parsed('a.md', 'Use <Tag> carefully.\n<!-- hidden -->\nVisible.');
    expect(document.body).toContain('<Tag>');
    expect(document.body).not.toContain('hidden');
  });

  it('normalises Windows line endings and a byte-order mark before reading front matter', () => {
    const document = parsed('a.md', '\uFEFF---\r\ntitle: Windows\r\n---\r\nLine one\r\nLine two');
    expect(document.title).toBe('Windows');
    expect(document.body).toBe('Line one\nLine two');
  });

  it('rejects binary content with a reason', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const result = parseDocument('logo.md', png.toString('utf8'));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/binary/) });
  });

  it('rejects text that is mostly invalid UTF-8', () => {
    const latin1 = Buffer.from('caf\xe9 '.repeat(100), 'latin1');
    const result = parseDocument('notes.txt', latin1.toString('utf8'));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/UTF-8/) });
  });
});
