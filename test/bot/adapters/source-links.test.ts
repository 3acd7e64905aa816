import { describe, expect, it } from 'vitest';
import { toDiscordMessages } from '../../../bot/adapters/discord/discord-format.ts';
import { toTelegramMessages } from '../../../bot/adapters/telegram/telegram-format.ts';
import { toPlainText } from '../../../bot/adapters/terminal/terminal-format.ts';
import type { Reply, Source } from '../../../chat/reply.ts';

const linkedDocument: Source = {
  n: 1,
  kind: 'document',
  title: 'Akash Network',
  section: 'Providers',
  path: 'akash/docs/providers.md',
  url: 'https://akash.network/docs/providers/',
  date: '2025-06-01',
};
const metric: Source = {
  n: 2,
  kind: 'metric',
  title: 'AKT price = $1.23',
  path: 'bundled sample data (replay)',
  url: 'https://www.coingecko.com/en/coins/akash-network',
  date: '2026-04-22T12:00:00.000Z',
};
const plainDocument: Source = {
  n: 3,
  kind: 'document',
  title: 'Helium',
  path: 'helium.md',
  date: '2025-05-01',
};
const reply: Reply = {
  blocks: ['Answer [1][2][3].'],
  sources: [linkedDocument, metric, plainDocument],
  buttons: [],
};

describe('sources a reader can open', () => {
  it('Telegram links the title of a source with a url and keeps the others as text', () => {
    const html = toTelegramMessages(reply)[0]!.html;
    expect(html).toContain(
      '[1] <a href="https://akash.network/docs/providers/">Akash Network — Providers</a> (as of 2025-06-01)',
    );
    // A metric keeps its source name: it says the figure is sample data.
    expect(html).toContain(
      '[2] <a href="https://www.coingecko.com/en/coins/akash-network">AKT price = $1.23</a> (bundled sample data (replay), 2026-04-22 12:00 UTC)',
    );
    expect(html).toContain('[3] Helium (helium.md, as of 2025-05-01)');
  });

  it('Discord links them in the Sources field with markdown links that do not unfurl', () => {
    const field = toDiscordMessages(reply)[0]!.embeds![0]!.fields[0]!;
    expect(field.name).toBe('Sources');
    const [first, second, third] = field.value.split('\n');
    expect(first).toBe(
      '1. [Akash Network — Providers](<https://akash.network/docs/providers/>) \\(as of 2025-06-01\\)',
    );
    expect(second).toMatch(
      /^2\. \[AKT price = \$1\.23\]\(<https:\/\/www\.coingecko\.com\/en\/coins\/akash-network>\) /,
    );
    expect(third).toBe('3. Helium \\(helium.md, as of 2025-05-01\\)');
  });

  it('the terminal prints the url after the citation', () => {
    const text = toPlainText(reply, { showButtons: false });
    expect(text).toContain(
      '[1] Akash Network — Providers (as of 2025-06-01) https://akash.network/docs/providers/',
    );
    expect(text).toContain(
      '[2] AKT price = $1.23 (bundled sample data (replay), 2026-04-22 12:00 UTC) https://www.coingecko.com/en/coins/akash-network',
    );
    expect(text).toContain('[3] Helium (helium.md, as of 2025-05-01)');
  });

  it('the terminal prints no address that is not a web link', () => {
    const unsafe: Source = { ...plainDocument, url: 'javascript:alert(1)' };
    const text = toPlainText({ blocks: [], sources: [unsafe], buttons: [] });
    expect(text).toBe('Sources:\n[3] Helium (helium.md, as of 2025-05-01)');
  });
});
