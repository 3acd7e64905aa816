import { say, type Command, type CommandSpec } from '../../chat/command.ts';

/** `specs` is read when /help runs: the list it describes includes /help itself. */
export function createHelpCommand(specs: () => readonly CommandSpec[]): Command {
  return {
    spec: {
      name: 'help',
      description: 'What this bot can do, with examples',
      permission: 'everyone',
      privateReply: true,
    },
    async run() {
      const commands = specs().map((spec) => {
        const argument = spec.subcommands
          ? ` ${spec.subcommands.map((sub) => sub.name).join('|')}`
          : spec.option
            ? ` <${spec.option.name}>`
            : '';
        return `/${spec.name}${argument} - ${spec.description}`;
      });
      return say(
        'I answer investor questions about DePIN networks (Akash, Render, Filecoin, Helium, Hivemapper) ' +
          'from the sector documents and live metrics, always with numbered sources and dates.',
        ['Commands:', ...commands].join('\n'),
        [
          'Examples:',
          '/ask How does Akash price GPU leases?',
          '/ask What is Proof of Coverage on Helium?',
          '/ask What is DePIN?',
          '/metrics akash',
          '/alert add akash.gpu.available below 100',
          '/subscribe 08:30 Europe/Berlin akash render',
        ].join('\n'),
        'In a private chat just type your question. In a group, mention me or reply to one of my answers ' +
          'to ask a follow-up. Rate answers with 👍/👎 so moderators can fill the gaps.',
      );
    },
  };
}
