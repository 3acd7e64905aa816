import { createInterface, type Interface } from 'node:readline';
import type { Logger } from '../../logger.ts';
import type { Button, Reply } from '../../../chat/reply.ts';
import type { Router } from '../../router.ts';
import { toPlainText } from './terminal-format.ts';
import type { ChannelRef, ChatAdapter, ChatEvent } from '../../../chat/chat-adapter.ts';

export interface TerminalAdapterOptions {
  router: Router;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A TTY gets a prompt, line editing and history; piped input is answered line by line. */
  interactive: boolean;
  logger: Logger;
  /**
   * Who is typing. Default: the operator in a private chat, moderating everything. Tests and demos
   * switch it to see the bot as a group member or moderator would.
   */
  identity?: () => TerminalIdentity;
}

export interface TerminalIdentity {
  chatKind: ChatEvent['chatKind'];
  userId: string;
  moderator: boolean;
}

const operator: TerminalIdentity = { chatKind: 'private', userId: 'operator', moderator: true };

export interface TerminalAdapter extends ChatAdapter {
  /** Resolves when the input ends or the user types /quit, after the last answer is printed. */
  readonly closed: Promise<void>;
  /** Resolves once every line received so far has been answered. */
  whenIdle(): Promise<void>;
}

const channel: ChannelRef = { platform: 'terminal', chatId: 'terminal' };

export function createTerminalAdapter(options: TerminalAdapterOptions): TerminalAdapter {
  const { router, output, interactive } = options;
  let readline: Interface | undefined;
  let queue = Promise.resolve();
  let lastButtons: Button[] = [];
  let sequence = 0;
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => (markClosed = resolve));

  const print = (text: string) => output.write(`${text}\n\n`);

  async function handleLine(raw: string): Promise<void> {
    const line = raw.trim();
    if (line === '') return;
    if (line === '/quit' || line === '/exit') {
      readline?.close();
      return;
    }
    if (line === '/good' || line === '/bad') {
      const button = lastButtons.find((candidate) =>
        candidate.id.endsWith(line === '/good' ? ':up' : ':down'),
      );
      print(
        button
          ? await router.press({ platform: 'terminal', channel, userId: 'operator', buttonId: button.id })
          : 'There is no answer to rate yet.',
      );
      return;
    }
    const outgoing = await router.handle(toEvent(line, String(++sequence), options.identity?.() ?? operator));
    if (!outgoing) return;
    print(toPlainText(outgoing.reply));
    if (outgoing.reply.buttons.length > 0) lastButtons = outgoing.reply.buttons;
    await outgoing.afterSend?.([`bot-${sequence}`]);
    for (const followUp of outgoing.followUps ?? []) print(toPlainText(followUp));
  }

  let quitting = false;
  function enqueue(line: string): void {
    // Piped input arrives in chunks: lines after /quit are already read and must not be answered.
    if (quitting) return;
    if (/^\/(quit|exit)$/.test(line.trim())) quitting = true;
    queue = queue
      .then(() => handleLine(line))
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'terminal line failed');
        print('Something went wrong; see the log.');
      })
      .then(() => {
        if (interactive && readline && !isClosed) readline.prompt();
      });
  }

  let isClosed = false;
  return {
    platform: 'terminal',
    closed,
    whenIdle: () => queue,
    async start() {
      readline = createInterface({
        input: options.input,
        output: interactive ? output : undefined,
        terminal: interactive,
        historySize: 500,
        prompt: '> ',
      });
      readline.on('line', enqueue);
      // Ctrl+C at the prompt leaves like /quit (readline would otherwise only pause).
      readline.on('SIGINT', () => readline?.close());
      readline.on('close', () => {
        isClosed = true;
        void queue.then(markClosed);
      });
      if (interactive) {
        print('DePIN investor assistant. Ask a question, or try /help, /sources, /about. /quit leaves.');
        readline.prompt();
      }
    },
    async stop() {
      readline?.close();
      if (readline) await closed;
    },
    async send(_channel, reply: Reply) {
      print(toPlainText(reply, { showButtons: false }));
      return { ok: true, messageIds: [`bot-${++sequence}`] };
    },
  };
}

function toEvent(line: string, messageId: string, identity: TerminalIdentity): ChatEvent {
  const command = /^\/([a-z_]+)(?:\s+([\s\S]*))?$/i.exec(line);
  return {
    platform: 'terminal',
    channel,
    chatKind: identity.chatKind,
    userId: identity.userId,
    command: command?.[1]?.toLowerCase(),
    text: command ? (command[2] ?? '') : line,
    messageId,
    isModerator: async () => identity.moderator,
  };
}
