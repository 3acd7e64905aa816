import type { Platform } from '../../chat/chat-adapter.ts';
import type { AnswerLog } from '../answer-log.ts';
import type { FeedbackStore } from '../feedback-store.ts';
import type { UserHasher } from '../user-hash.ts';
import { say, type Command } from '../../chat/command.ts';

/** Other areas (digest subscriptions, personal alerts) plug in what they store per user; returns rows deleted. */
export type ForgetHook = (user: { platform: Platform; userId: string; userHash: string }) => Promise<number>;

export interface ForgetCommandDeps {
  answers: AnswerLog;
  feedback: FeedbackStore;
  hashUser: UserHasher;
  hooks: readonly ForgetHook[];
}

export function createForgetCommand(deps: ForgetCommandDeps): Command {
  return {
    spec: {
      name: 'forget',
      description: 'Delete what the bot stores about you',
      permission: 'everyone',
      privateReply: true,
    },
    async run(event) {
      const userHash = deps.hashUser(event.platform, event.userId);
      // Votes first: deleting the user's questions also removes other people's votes on them.
      const votes = await deps.feedback.forgetUser(userHash);
      const questions = await deps.answers.forgetUser(userHash);
      let other = 0;
      for (const hook of deps.hooks) {
        other += await hook({ platform: event.platform, userId: event.userId, userHash });
      }
      return say(
        `Done. I deleted ${plural(questions, 'question')} with their answers and conversation context, ` +
          `${plural(votes, 'rating')}` +
          (deps.hooks.length > 0
            ? ` and ${plural(other, 'other record')} (digest subscriptions and alerts)`
            : '') +
          '. Nothing else about you is stored.',
      );
    },
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
