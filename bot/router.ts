import type { ButtonPress, ChatEvent } from '../chat/chat-adapter.ts';
import { parseFeedbackButton } from './answer-reply.ts';
import { say, type Command, type Outgoing } from '../chat/command.ts';
import {
  findCommandSpec,
  findSubcommand,
  permissionFor,
  type CommandName,
  type CommandSpec,
  type OptionSpec,
} from './commands/command-specs.ts';
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
  /** Values to offer while a user types an option (Discord autocomplete), at most 25. */
  autocomplete(command: string, option: string, typed: string): string[];
}

/** Where autocomplete values come from, by OptionSpec['autocomplete']. */
export type Completions = Partial<
  Record<NonNullable<OptionSpec['autocomplete']>, (typed: string) => string[]>
>;

export interface RouterDeps {
  commands: Record<CommandName, Command>;
  feedback: FeedbackStore;
  hashUser: UserHasher;
  reachability: ReachabilityStore;
  logger: Logger;
  completions?: Completions;
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

    autocomplete(command, option, typed) {
      const spec = findCommandSpec(command);
      const options = [spec?.option, ...(spec?.subcommands ?? []).flatMap((sub) => sub.options)];
      const kind = options.find((candidate) => candidate?.name === option)?.autocomplete;
      const complete = kind ? deps.completions?.[kind] : undefined;
      return complete ? complete(typed).slice(0, 25) : [];
    },
  };
}

/** The one permission check for moderator-only commands, whatever the platform. */
async function checkPermission(spec: CommandSpec, event: ChatEvent): Promise<Outgoing | undefined> {
  const permission = permissionFor(spec, event.text);
  if (permission === 'everyone') return undefined;
  if (permission === 'moderators-in-groups' && event.chatKind === 'private') return undefined;
  if (await event.isModerator()) return undefined;
  const sub = findSubcommand(spec, event.text);
  const command = sub ? `/${spec.name} ${sub.name}` : `/${spec.name}`;
  const outgoing =
    permission === 'moderators-in-groups'
      ? say(
          `Sorry, in a group ${command} is for moderators only (Discord: Manage Server; Telegram: group admins). ` +
            'In a private chat with me you can set up your own.',
        )
      : event.chatKind === 'private'
        ? say(`${command} is for moderators: run it in the group or server you moderate.`)
        : say(`Sorry, ${command} is for moderators only (Discord: Manage Server; Telegram: group admins).`);
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
