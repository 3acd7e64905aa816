import { describe, expect, it } from 'vitest';
import { escapeHtml, toTelegramMessages } from '../../../../bot/adapters/telegram/telegram-format.ts';
import { parseTelegramMessage } from '../../../../bot/adapters/telegram/telegram-update.ts';
import type { Message } from 'grammy/types';

describe('toTelegramMessages', () => {
  it('escapes every dynamic string, including source titles and link targets', () => {
    const [message] = toTelegramMessages({
      blocks: ['<b>bold</b> </a> & @everyone ||spoiler||'],
      sources: [
        {
          n: 1,
          kind: 'document',
          title: 'A <i>title</i>',
          url: 'https://example.org/?a=1&b="x"',
          date: '2025-01-02',
        },
      ],
      buttons: [],
    });
    expect(message).toEqual({
      html:
        '&lt;b&gt;bold&lt;/b&gt; &lt;/a&gt; &amp; @everyone ||spoiler||\n\n<b>Sources</b>\n' +
        '[1] <a href="https://example.org/?a=1&amp;b=&quot;x&quot;">A &lt;i&gt;title&lt;/i&gt;</a> (as of 2025-01-02)',
    });
  });

  it('never turns a non-web URL into a link', () => {
    const [message] = toTelegramMessages({
      blocks: [],
      sources: [{ n: 1, kind: 'document', title: 'T', url: 'javascript:alert(1)' }],
      buttons: [],
    });
    expect(message?.html).toBe('<b>Sources</b>\n[1] T');
  });

  it('splits a long answer at 4096 visible characters with the keyboard on the last message', () => {
    const paragraph = 'word '.repeat(700).trim(); // 3499 characters
    const messages = toTelegramMessages({
      blocks: [paragraph, paragraph, '<'.repeat(3000)],
      sources: [],
      buttons: [{ id: 'fb:1:up', label: '👍' }],
    });
    expect(messages).toHaveLength(3);
    expect(messages.map((message) => message.keyboard === undefined)).toEqual([true, true, false]);
    expect(messages[2]?.html).toBe('&lt;'.repeat(3000));
    expect(escapeHtml('<>&"')).toBe('&lt;&gt;&amp;&quot;');
  });
});

describe('parseTelegramMessage', () => {
  const bot = { id: 666, username: 'DepinBot' };
  const known = new Set(['ask', 'help']);
  const message = (fields: Partial<Message>): Message =>
    ({ message_id: 1, date: 0, chat: { id: -5, type: 'group', title: 'g' }, ...fields }) as Message;

  it('reads a command with or without our @suffix and drops other bots’ commands', () => {
    const command = (text: string, length: number) =>
      message({ text, entities: [{ type: 'bot_command', offset: 0, length }] });
    expect(parseTelegramMessage(command('/ask@DepinBot what?', 13), bot, known)).toMatchObject({
      command: 'ask',
      text: 'what?',
    });
    expect(parseTelegramMessage(command('/ask what?', 4), bot, known)).toMatchObject({
      command: 'ask',
      text: 'what?',
    });
    expect(parseTelegramMessage(command('/ask@Other what?', 10), bot, known)).toBeUndefined();
    expect(parseTelegramMessage(command('/weather', 8), bot, known)).toBeUndefined();
  });

  it('takes plain group text only when it mentions or replies to the bot', () => {
    expect(parseTelegramMessage(message({ text: 'hello all' }), bot, known)).toBeUndefined();
    const reply = message({
      text: 'and Render?',
      reply_to_message: message({
        message_id: 77,
        from: { id: 666, is_bot: true, first_name: 'B' },
      }) as never,
    });
    expect(parseTelegramMessage(reply, bot, known)).toEqual({
      text: 'and Render?',
      replyToMessageId: '77',
      threadId: undefined,
    });
  });
});
