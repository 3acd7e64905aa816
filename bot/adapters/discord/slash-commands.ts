import { PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandSpec, OptionSpec } from '../../../chat/command.ts';

/** Slash-command JSON built from the installed commands' specs, and interaction options read back as text. */

const MANAGE_GUILD = String(PermissionFlagsBits.ManageGuild);
/** Discord's application command option types. */
const OPTION_TYPES = { subcommand: 1, string: 3, integer: 4 } as const;
/** Interaction contexts: a server, a DM with the bot. */
const GUILD = 0;
const BOT_DM = 1;

function toOptionJson(option: OptionSpec) {
  return {
    type: OPTION_TYPES[option.type ?? 'string'],
    name: option.name,
    description: option.description.slice(0, 100),
    required: option.required,
    ...(option.type === 'integer' ? { min_value: 1 } : {}),
    ...(option.autocomplete ? { autocomplete: true } : {}),
  };
}

/**
 * Slash-command JSON. Commands that need a moderator in a server get Manage Server by default
 * (re-checked in the core, since server admins can change who sees a command); in a DM Discord
 * applies no member permissions, so a user still runs /alert or /subscribe for themselves there.
 */
export function buildSlashCommands(specs: readonly CommandSpec[]) {
  return specs.map((spec) => ({
    name: spec.name,
    description: spec.description.slice(0, 100),
    type: 1,
    options: spec.subcommands
      ? spec.subcommands.map((sub) => ({
          type: OPTION_TYPES.subcommand,
          name: sub.name,
          description: sub.description.slice(0, 100),
          options: sub.options.map(toOptionJson),
        }))
      : spec.option
        ? [toOptionJson(spec.option)]
        : [],
    default_member_permissions: spec.permission === 'everyone' ? null : MANAGE_GUILD,
    contexts: spec.permission === 'moderators' ? [GUILD] : [GUILD, BOT_DM],
  }));
}

/** The arguments as one line, as Telegram and the terminal receive them: "add akash.gpu.available below 50". */
export function commandText(interaction: ChatInputCommandInteraction, spec: CommandSpec | undefined): string {
  const sub = spec?.subcommands?.find(
    (candidate) => candidate.name === interaction.options.getSubcommand(false),
  );
  const options = sub ? sub.options : spec?.option ? [spec.option] : [];
  const values = options.map((option) => interaction.options.get(option.name)?.value);
  return [sub?.name, ...values].filter((value) => value !== undefined && value !== null).join(' ');
}
