import type { ChatEvent } from '../chat/chat-adapter.ts';
import {
  say,
  type CommandSpec,
  type Outgoing,
  type Permission,
  type SubcommandSpec,
} from '../chat/command.ts';

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

/** The one permission check for moderator-only commands, whatever the platform; undefined: allowed. */
export async function checkPermission(spec: CommandSpec, event: ChatEvent): Promise<Outgoing | undefined> {
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
