import type { ButtonPress, ChatEvent } from './adapters/types.ts';
import { parseFeedbackButton } from './answer-reply.ts';
import { say, type Command, type Outgoing } from './commands/command.ts';
import { findCommandSpec, type CommandName, type CommandSpec } from './commands/command-specs.ts';
import { newErrorRef, toUserMessage } from './errors.ts';
import type { FeedbackStore, VoteResult } from './feedback-store.ts';
import type { Logger } from './logger.ts';
import type { ReachabilityStore } from './reachability-store.ts';
import type { UserHasher } from './user-hash.ts';

export interface Router {
  /** Plain text (no command) is a question. Undefined: send nothing. */
  handle(event: ChatEvent): Promise<Outgoing | undefined>;
  /** Returns the short notice the presser sees (Telegram toast, Discord ephemeral reply). */
  press(press: ButtonPress): Promise<string>;
}

export interface RouterDeps {
  commands: Record<CommandName, Command>;
  feedback: FeedbackStore;
  hashUser: UserHasher;
  reachability: ReachabilityStore;
  logger: Logger;
}

/** Platform conventions that mean one of our commands. */
const aliases: Record<string, CommandName> = { start: 'help' };

export function createRouter(deps: RouterDeps): Router {
  return {
    async handle(event) {
      const log = deps.logger.child({
        platform: event.platform,
        chat: event.channel.chatId,
        command: event.command,
      });
      const name = event.command === undefined ? 'ask' : (aliases[event.command] ?? event.command);
      const spec = findCommandSpec(name);
      try {
        await deps.reachability.markReachable(event.channel);
        if (!spec) return say(`I don't know /${event.command}. Try /help.`);
        const refusal = await checkPermission(spec, event);
        if (refusal) return refusal;
        const outgoing = await deps.commands[spec.name].run(event, log);
        if (outgoing && spec.privateReply) outgoing.reply.private = true;
        return outgoing;
      } catch (error) {
        const ref = newErrorRef();
        log.error({ err: error, ref }, 'command failed');
        return say(toUserMessage(error, ref));
      }
    },

    async press(press) {
      const parsed = parseFeedbackButton(press.buttonId);
      if (!parsed) return 'This button is no longer active.';
      try {
        const result = await deps.feedback.vote(
          parsed.answerId,
          deps.hashUser(press.platform, press.userId),
          parsed.vote,
        );
        return voteNotice(result, parsed.vote);
      } catch (error) {
        const ref = newErrorRef();
        deps.logger.error({ err: error, ref, platform: press.platform }, 'feedback failed');
        return toUserMessage(error, ref);
      }
    },
  };
}

/** The one permission check for moderator-only commands, whatever the platform. */
async function checkPermission(spec: CommandSpec, event: ChatEvent): Promise<Outgoing | undefined> {
  if (!spec.moderatorOnly || (await event.isModerator())) return undefined;
  const outgoing =
    event.chatKind === 'private'
      ? say(`/${spec.name} is for moderators: run it in the group or server you moderate.`)
      : say(`Sorry, /${spec.name} is for moderators only (Discord: Manage Server; Telegram: group admins).`);
  outgoing.reply.private = true;
  return outgoing;
}

function voteNotice(result: VoteResult, vote: 1 | -1): string {
  const thumb = vote === 1 ? '👍' : '👎';
  switch (result) {
    case 'recorded':
      return `Thanks for the feedback ${thumb}`;
    case 'changed':
      return `Vote changed to ${thumb}`;
    case 'unchanged':
      return `You already rated this answer ${thumb}`;
    case 'missing':
      return 'That answer is no longer stored.';
  }
}
