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
  /** Discord offers completions while the user types (see the router's autocomplete). */
  autocomplete?: 'metric';
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
  name:
    | 'ask'
    | 'help'
    | 'about'
    | 'sources'
    | 'report'
    | 'forget'
    | 'metrics'
    | 'alert'
    | 'subscribe'
    | 'unsubscribe'
    | 'digest';
  description: string;
  /** The one text option a command takes. */
  option?: OptionSpec;
  subcommands?: readonly SubcommandSpec[];
  permission: Permission;
  /** The answer is for the asker only (Discord ephemeral). */
  privateReply: boolean;
}

export type CommandName = CommandSpec['name'];

const alertId: OptionSpec = {
  name: 'id',
  description: 'The alert number from /alert list',
  required: true,
  type: 'integer',
};

const alertSubcommands: readonly SubcommandSpec[] = [
  {
    name: 'add',
    description: 'Post here when a metric crosses a threshold, changes fast or goes stale',
    options: [
      {
        name: 'metric',
        description: 'e.g. akash.gpu.available or AKT price',
        required: true,
        autocomplete: 'metric',
      },
      {
        name: 'condition',
        description: 'above 100 · below 50 · change -10% 24h · stale 30 [cooldown 6h] [margin 5%]',
        required: true,
      },
    ],
  },
  { name: 'list', description: 'The alerts of this chat', options: [], permission: 'everyone' },
  { name: 'remove', description: 'Delete an alert', options: [alertId] },
  {
    name: 'mute',
    description: 'Silence an alert for a while',
    options: [alertId, { name: 'duration', description: 'e.g. 6h, 2d, or off', required: true }],
  },
  { name: 'test', description: 'Show what an alert would post', options: [alertId] },
];

export const commandSpecs: readonly CommandSpec[] = [
  {
    name: 'ask',
    description: 'Ask a question about DePIN networks (Akash, Render, Filecoin, Helium, Hivemapper)',
    option: { name: 'question', description: 'Your question', required: true },
    permission: 'everyone',
    privateReply: false,
  },
  {
    name: 'metrics',
    description: 'Latest network metrics as a table, then a 7-day chart',
    option: {
      name: 'network',
      description: 'akash, render, filecoin, helium or hivemapper',
      required: false,
    },
    permission: 'everyone',
    privateReply: false,
  },
  {
    name: 'alert',
    description: 'Metric alerts: moderators for a group, anyone for themselves in a private chat',
    subcommands: alertSubcommands,
    permission: 'moderators-in-groups',
    privateReply: false,
  },
  {
    name: 'subscribe',
    description: 'Daily digest at your local time: /subscribe 08:30 Europe/Berlin akash render',
    option: {
      name: 'schedule',
      description: '[HH:MM] [time zone] [networks], default 09:00 UTC',
      required: false,
    },
    permission: 'moderators-in-groups',
    privateReply: false,
  },
  {
    name: 'unsubscribe',
    description: 'Stop the daily digest here',
    permission: 'moderators-in-groups',
    privateReply: false,
  },
  {
    name: 'digest',
    description: "Preview today's digest now",
    permission: 'everyone',
    privateReply: false,
  },
  {
    name: 'help',
    description: 'What this bot can do, with examples',
    permission: 'everyone',
    privateReply: true,
  },
  {
    name: 'about',
    description: 'Sources, data freshness, privacy and the not-financial-advice statement',
    permission: 'everyone',
    privateReply: true,
  },
  {
    name: 'sources',
    description: 'The documents the bot answers from',
    permission: 'everyone',
    privateReply: true,
  },
  {
    name: 'report',
    description: 'Moderators: unanswered and badly rated questions of the last 7 days',
    permission: 'moderators',
    privateReply: true,
  },
  {
    name: 'forget',
    description: 'Delete what the bot stores about you',
    permission: 'everyone',
    privateReply: true,
  },
];

export function findCommandSpec(name: string): CommandSpec | undefined {
  return commandSpecs.find((spec) => spec.name === name);
}

/** The subcommand named by the first word of the arguments (`add` in `/alert add ...`). */
export function findSubcommand(spec: CommandSpec, text: string): SubcommandSpec | undefined {
  const word = text.trim().split(/\s+/)[0]?.toLowerCase();
  return spec.subcommands?.find((sub) => sub.name === word);
}

/**
 * The permission of this invocation: a subcommand's own, else the command's. A command with
 * subcommands answers a missing or unknown one with its usage, which anyone may read.
 */
export function permissionFor(spec: CommandSpec, text: string): Permission {
  if (!spec.subcommands) return spec.permission;
  const sub = findSubcommand(spec, text);
  return sub ? (sub.permission ?? spec.permission) : 'everyone';
}
