import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../chat/chat-adapter.ts';
import { toCommandEvent } from '../../bot/router.ts';

const event = (text: string, command?: string): ChatEvent => ({
  platform: 'discord',
  channel: { platform: 'discord', chatId: '1' },
  chatKind: 'group',
  userId: '2',
  text,
  command,
  isModerator: async () => false,
});

describe('a message whose text is a command', () => {
  it('becomes that command with its arguments', () => {
    expect(toCommandEvent(event(' /alert add akash.gpu.available below 10 '))).toMatchObject({
      command: 'alert',
      text: 'add akash.gpu.available below 10',
    });
    expect(toCommandEvent(event('/Help@depin_bot'))).toMatchObject({ command: 'help', text: '' });
  });

  it('leaves questions and commands the platform already parsed alone', () => {
    expect(toCommandEvent(event('what is /r/akash?'))).toMatchObject({ command: undefined });
    expect(toCommandEvent(event('/ 2 GPUs'))).toMatchObject({ command: undefined, text: '/ 2 GPUs' });
    expect(toCommandEvent(event('/sources', 'ask'))).toMatchObject({ command: 'ask', text: '/sources' });
  });
});
