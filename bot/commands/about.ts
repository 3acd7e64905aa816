import { say, type Command } from '../../chat/command.ts';
import { formatTimestamp, type KnowledgeInfo } from './knowledge-info.ts';

export function createAboutCommand(knowledge: KnowledgeInfo): Command {
  return {
    spec: {
      name: 'about',
      description: 'Sources, data freshness, privacy and the not-financial-advice statement',
      permission: 'everyone',
      privateReply: true,
    },
    async run() {
      const [documents, lastIngest] = await Promise.all([
        knowledge.listDocuments(),
        knowledge.lastIngestAt(),
      ]);
      const newest = documents
        .map((document) => document.docDate)
        .filter((date): date is string => date !== undefined)
        .sort()
        .at(-1);
      return say(
        `Sources: ${documents.length} sector documents (see /sources) and, where available, live network ` +
          'metrics. Every answer lists the sources it used.',
        `Freshness: documents last ingested ${formatTimestamp(lastIngest)}` +
          (newest ? `; the newest is dated ${newest}.` : '.') +
          ' Figures from documents carry their "as of" date; a live metric beats a document figure and says so.',
        'Not financial advice: answers describe networks and data. They are not recommendations to buy, ' +
          'sell or hold anything. Do your own research.',
        'Privacy: for each question I store the question, my answer and its sources with a keyed hash of ' +
          'your user id (never your name or raw id) for 30 days, so moderators can find unanswered ' +
          'questions; your 👍/👎 votes; and links between my messages and answers for 24 hours so replies ' +
          'work as follow-ups. /forget deletes all of it.',
      );
    },
  };
}
