import type { Reply } from '../../../chat/reply.ts';
import { isWebUrl, sourceDetail, sourceTitle } from '../source-label.ts';

/** Plain text for the terminal and `npm run ask`; buttons become the commands that press them. */
export function toPlainText(reply: Reply, options: { showButtons?: boolean } = {}): string {
  const parts = [...reply.blocks];
  if (reply.sources.length > 0) {
    const lines = reply.sources.map((source) =>
      [`[${source.n}]`, sourceTitle(source), sourceDetail(source), isWebUrl(source.url) ? source.url : '']
        .filter(Boolean)
        .join(' '),
    );
    parts.push(['Sources:', ...lines].join('\n'));
  }
  // A terminal cannot show the PNG; its size shows that one was rendered.
  if (reply.image) parts.push(`[chart: ${reply.image.png.byteLength} bytes] ${reply.image.alt}`);
  if (options.showButtons !== false && reply.buttons.length > 0)
    parts.push('Rate this answer: /good or /bad');
  return parts.join('\n\n');
}
