import type { AnswerLog } from '../answer-log.ts';
import { say, type Command } from '../../chat/command.ts';

const REPORT_DAYS = 7;
const REPORT_LIMIT = 20;

export function createReportCommand(answers: AnswerLog): Command {
  return {
    spec: {
      name: 'report',
      description: 'Moderators: unanswered and badly rated questions of the last 7 days',
      permission: 'moderators',
      privateReply: true,
    },
    async run(event) {
      // The terminal is the operator's: it sees every community.
      const scope =
        event.platform === 'terminal'
          ? undefined
          : { platform: event.platform, communityId: event.communityId ?? event.channel.chatId };
      const gaps = await answers.listGaps({ scope, days: REPORT_DAYS, limit: REPORT_LIMIT });
      if (gaps.length === 0) {
        return say(`No unanswered or badly rated questions in the last ${REPORT_DAYS} days.`);
      }
      const lines = gaps.map((gap, index) => {
        const reasons = [
          gap.unanswered > 0 ? `unanswered ×${gap.unanswered}` : undefined,
          gap.downvoted > 0 ? `👎 ×${gap.downvoted}` : undefined,
        ].filter((reason) => reason !== undefined);
        return `${index + 1}. "${gap.question}" (${reasons.join(', ')}; last ${gap.lastAskedAt.slice(0, 10)})`;
      });
      return say(
        `Questions to fill gaps for, last ${REPORT_DAYS} days, most frequent first:`,
        lines.join('\n'),
      );
    },
  };
}
