import { describe, expect, it } from 'vitest';
import { repairMojibake } from '../../lib/mojibake.ts';

/** What a page's UTF-8 looks like once something read it as Latin-1 or as Windows-1252. */
const asLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const asCp1252 = (text: string) =>
  asLatin1(text).replace(
    /[\u0080-\u009F]/g,
    (char) => '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'[char.charCodeAt(0) - 0x80]!,
  );

describe('repairMojibake', () => {
  const original = 'Render Network® is the world’s “first” GPU network — café, naïve, 🚀.';

  it('decodes UTF-8 that was read as Latin-1 or as Windows-1252', () => {
    expect(asLatin1(original)).not.toBe(original);
    expect(repairMojibake(asLatin1(original))).toBe(original);
    expect(repairMojibake(asCp1252(original))).toBe(original);
  });

  it('leaves correct text alone, accents and symbols included', () => {
    expect(repairMojibake(original)).toBe(original);
    expect(repairMojibake('Â propos: São Paulo, Ångström, Ébène, â la carte')).toBe(
      'Â propos: São Paulo, Ångström, Ébène, â la carte',
    );
  });
});
