import type { ButtonPress, ChatEvent } from '../chat/chat-adapter.ts';
import { parseFeedbackButton } from './answer-reply.ts';
import { say, type Command, type CommandSpec, type Outgoing } from '../chat/command.ts';
import { newErrorRef, toUserMessage } from './errors.ts';
import type { FeedbackStore, VoteResult } from './feedback-store.ts';
import type { Logger } from './logger.ts';
import { checkPermission } from './permissions.ts';
import type { ReachabilityStore } from './reachability-store.ts';
import type { UserHasher } from './user-hash.ts';

export interface Router {
  /** Plain text (no command) is a question. Undefined: send nothing. */
  handle(event: ChatEvent): Promise<Outgoing | undefined>;
  /** Returns the short notice the presser sees (Telegram toast, Discord ephemeral reply). */
  press(press: ButtonPress): Promise<string>;
  /** Values to offer while a user types an option (Discord autocomplete), at most 25. */
  autocomplete(command: string, option: string, typed: string): string[];
  /** The installed commands' specs: /help, Telegram's setMyCommands and Discord's slash commands. */
  readonly specs: readonly CommandSpec[];
}

export interface RouterDeps {
  /** Every installed command; an area that is off simply contributes none. */
  commands: readonly Command[];
  feedback: FeedbackStore;
  hashUser: UserHasher;
  reachability: ReachabilityStore;
  logger: Logger;
}

/** Platform conventions that mean one of our commands. */
const aliases: Record<string, string> = { start: 'help' };

/** "/alert add x" (optionally "/alert@botname") typed as a message: the command and its arguments. */
const TYPED_COMMAND = /^\/([a-z][a-z_]*)(?:@\S+)?(?:\s+([\s\S]*))?$/i;

/**
 * A message whose text is a command (a Discord mention "@bot /alert add ...") runs that command,
 * with the same permission check as the slash command, instead of being asked as a question.
 */
export function toCommandEvent(event: ChatEvent): ChatEvent {
  if (event.command !== undefined) return event;
  const match = TYPED_COMMAND.exec(event.text.trim());
  if (!match?.[1]) return event;
  return { ...event, command: match[1].toLowerCase(), text: (match[2] ?? '').trim() };
}

export function createRouter(deps: RouterDeps): Router {
  const byName = new Map(deps.commands.map((command) => [command.spec.name, command]));
  const specs = deps.commands.map((command) => command.spec);
  return {
    specs,
    async handle(incoming) {
      const event = toCommandEvent(incoming);
      const log = deps.logger.child({
        platform: event.platform,
        chat: event.channel.chatId,
        command: event.command,
      });
      const name = event.command === undefined ? 'ask' : (aliases[event.command] ?? event.command);
      const command = byName.get(name);
      try {
        await deps.reachability.markReachable(event.channel);
        if (!command) return say(`I don't know /${event.command}. Try /help.`);
        const refusal = await checkPermission(command.spec, event);
        if (refusal) return refusal;
        const outgoing = await command.run(event, log);
        if (outgoing && command.spec.privateReply) outgoing.reply.private = true;
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

    autocomplete(command, option, typed) {
      const spec = byName.get(command)?.spec;
      const options = [spec?.option, ...(spec?.subcommands ?? []).flatMap((sub) => sub.options)];
      const complete = options.find((candidate) => candidate?.name === option)?.autocomplete;
      return complete ? complete(typed).slice(0, 25) : [];
    },
  };
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
