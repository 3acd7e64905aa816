import { say, type Command } from '../../chat/command.ts';
import { formatTimestamp, type KnowledgeInfo } from './knowledge-info.ts';

/** A chat message is no place for hundreds of lines. */
const MAX_LISTED = 40;

export function createSourcesCommand(knowledge: KnowledgeInfo): Command {
  return {
    spec: {
      name: 'sources',
      description: 'The documents the bot answers from',
      permission: 'everyone',
      privateReply: true,
    },
    async run() {
      const [documents, lastIngest] = await Promise.all([
        knowledge.listDocuments(),
        knowledge.lastIngestAt(),
      ]);
      if (documents.length === 0) {
        return say('The knowledge base is empty: no documents have been ingested yet.');
      }
      const lines = documents
        .slice(0, MAX_LISTED)
        .map(
          (document, index) =>
            `${index + 1}. ${document.title} (${document.path}${document.docDate ? `, as of ${document.docDate}` : ''})`,
        );
      if (documents.length > MAX_LISTED) lines.push(`... and ${documents.length - MAX_LISTED} more`);
      const chunks = documents.reduce((sum, document) => sum + document.chunks, 0);
      return say(
        `Knowledge base: ${documents.length} documents, ${chunks} passages, last ingested ${formatTimestamp(lastIngest)}.`,
        lines.join('\n'),
      );
    },
  };
}
