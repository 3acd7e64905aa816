import type { Answer } from '../retrieval/answer-types.ts';
import type { Button, Reply } from '../chat/reply.ts';

const FEEDBACK_PREFIX = 'fb';

/** Button ids are `fb:<answer id>:up|down`, well under Telegram's 64-byte callback_data limit. */
export function buildFeedbackButtons(answerId: number): Button[] {
  return [
    { id: `${FEEDBACK_PREFIX}:${answerId}:up`, label: '👍' },
    { id: `${FEEDBACK_PREFIX}:${answerId}:down`, label: '👎' },
  ];
}

export function parseFeedbackButton(id: string): { answerId: number; vote: 1 | -1 } | undefined {
  const match = /^fb:(\d{1,18}):(up|down)$/.exec(id);
  if (!match?.[1]) return undefined;
  return { answerId: Number(match[1]), vote: match[2] === 'up' ? 1 : -1 };
}

export function buildAnswerReply(answer: Answer, answerId?: number): Reply {
  const blocks = answer.text
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0);
  return {
    blocks,
    sources: answer.sources,
    buttons: answerId === undefined ? [] : buildFeedbackButtons(answerId),
  };
}
