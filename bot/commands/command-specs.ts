/** What every platform registers: Discord slash commands, Telegram setMyCommands, /help. */
export interface CommandSpec {
  name: 'ask' | 'help' | 'about' | 'sources' | 'report' | 'forget';
  description: string;
  /** The one text option a command takes (Discord needs it declared). */
  option?: { name: string; description: string; required: boolean };
  /** Checked once, in the router, for every platform. */
  moderatorOnly: boolean;
  /** The answer is for the asker only (Discord ephemeral). */
  privateReply: boolean;
}

export type CommandName = CommandSpec['name'];

export const commandSpecs: readonly CommandSpec[] = [
  {
    name: 'ask',
    description: 'Ask a question about DePIN networks (Akash, Render, Filecoin, Helium, Hivemapper)',
    option: { name: 'question', description: 'Your question', required: true },
    moderatorOnly: false,
    privateReply: false,
  },
  {
    name: 'help',
    description: 'What this bot can do, with examples',
    moderatorOnly: false,
    privateReply: true,
  },
  {
    name: 'about',
    description: 'Sources, data freshness, privacy and the not-financial-advice statement',
    moderatorOnly: false,
    privateReply: true,
  },
  {
    name: 'sources',
    description: 'The documents the bot answers from',
    moderatorOnly: false,
    privateReply: true,
  },
  {
    name: 'report',
    description: 'Moderators: unanswered and badly rated questions of the last 7 days',
    moderatorOnly: true,
    privateReply: true,
  },
  {
    name: 'forget',
    description: 'Delete what the bot stores about you',
    moderatorOnly: false,
    privateReply: true,
  },
];

export function findCommandSpec(name: string): CommandSpec | undefined {
  return commandSpecs.find((spec) => spec.name === name);
}
