import type { Logger } from 'pino';
import type { ChatEvent } from './chat-adapter.ts';
import { textReply, type Reply } from './reply.ts';

/** Who may run a command; checked once, in the router, for every platform. */
export type Permission =
  | 'everyone'
  | 'moderators'
  /** Moderators in a group or server; in a private chat each user manages their own (alerts, digests). */
  | 'moderators-in-groups';

/** A text or whole-number argument (Discord needs it declared; elsewhere it is the next word). */
export interface OptionSpec {
  name: string;
  description: string;
  required: boolean;
  type?: 'string' | 'integer';
  /** Values Discord offers while the user types (at most 25 are shown). */
  autocomplete?: (typed: string) => string[];
}

/** `/alert add ...`: Discord subcommands; Telegram and the terminal take the first word. */
export interface SubcommandSpec {
  name: string;
  description: string;
  options: readonly OptionSpec[];
  /** Overrides the command's permission (`/alert list` is open to everyone). */
  permission?: Permission;
}

/** What every platform registers: Discord slash commands, Telegram setMyCommands, /help. */
export interface CommandSpec {
  name: string;
  description: string;
  /** The one text option a command takes. */
  option?: OptionSpec;
  subcommands?: readonly SubcommandSpec[];
  permission: Permission;
  /** The answer is for the asker only (Discord ephemeral). */
  privateReply: boolean;
}

/** What the core hands an adapter to send; afterSend receives the platform ids of the sent messages. */
export interface Outgoing {
  reply: Reply;
  afterSend?(messageIds: string[]): Promise<void>;
  /** Separate messages after the reply (a chart); one that fails is logged and never holds back the reply. */
  followUps?: Reply[];
}

/** A command plugin: each area exports its own; the router installs the list it is given. */
export interface Command {
  spec: CommandSpec;
  /** Undefined means: say nothing (a rate-limited user already got their one notice). */
  run(event: ChatEvent, log: Logger): Promise<Outgoing | undefined>;
}

export function say(...blocks: string[]): Outgoing {
  return { reply: textReply(...blocks) };
}
