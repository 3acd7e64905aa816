/**
 * Repairs text that was UTF-8 read as Latin-1 or Windows-1252 before it reached us, as scraped pages
 * often are ("Render NetworkÂ®", "the worldâ€™s"): each run of characters that, taken back as those
 * bytes, is one valid UTF-8 character is decoded again. Other text is returned as it is: a real "é"
 * or "â" is followed by letters, not by the continuation bytes a mis-read character leaves.
 */
export function repairMojibake(text: string): string {
  if (!LEAD.test(text)) return text;
  return text.replace(RUN, (run) => {
    const bytes = Uint8Array.from([...run].map((char) => CP1252_BYTES.get(char) ?? char.charCodeAt(0)));
    try {
      return strictUtf8.decode(bytes);
    } catch {
      return run;
    }
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Windows-1252's characters for the bytes 0x80-0x9F (Latin-1 leaves them as C1 controls). */
const CP1252_BYTES = new Map<string, number>(
  [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'].map((char, index) => [char, 0x80 + index]),
);

const LEAD = /[\u00C2-\u00F4]/;
const CONTINUATION = `[\\u0080-\\u00BF${[...CP1252_BYTES.keys()].join('')}]`;
const RUN = new RegExp(
  `[\\u00C2-\\u00DF]${CONTINUATION}|[\\u00E0-\\u00EF]${CONTINUATION}{2}|[\\u00F0-\\u00F4]${CONTINUATION}{3}`,
  'g',
);
