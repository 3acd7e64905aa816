import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { createBotCore, type BotCore } from '../../bot/core.ts';
import { createLogger } from '../../bot/logger.ts';
import { createFakeAsk, sampleAnswer, type FakeAsk } from '../fakes/fake-ask.ts';
import { testEngines } from '../fakes/test-db.ts';
import { groupEvent } from './group-event.ts';
import { testLimits } from './terminal-driver.ts';

describe.each(testEngines())('the router on $name', (engine) => {
  let db: Database;
  let fake: FakeAsk;
  let core: BotCore;

  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.exec('TRUNCATE bot_answers, bot_feedback, bot_answer_messages, bot_unreachable_chats CASCADE');
    fake = createFakeAsk();
    core = await createBotCore({ db, ask: fake.ask, limits: testLimits, logger: createLogger('silent') });
  });

  async function askInGroup(text: string, extra: Parameters<typeof groupEvent>[0] = {}) {
    const outgoing = await core.router.handle(groupEvent({ text, ...extra }));
    if (!outgoing) throw new Error('expected an answer');
    return outgoing;
  }

  it('refuses /report to a group member who is not a moderator, privately', async () => {
    const event = groupEvent({ command: 'report' });
    const outgoing = await core.router.handle(event);
    expect(event.moderatorChecks).toBe(1);
    expect(outgoing?.reply).toEqual({
      blocks: ['Sorry, /report is for moderators only (Discord: Manage Server; Telegram: group admins).'],
      sources: [],
      buttons: [],
      private: true,
    });
  });

  it('sends /report in a private chat to the group the user moderates', async () => {
    const outgoing = await core.router.handle(groupEvent({ command: 'report', chatKind: 'private' }));
    expect(outgoing?.reply.blocks).toEqual([
      '/report is for moderators: run it in the group or server you moderate.',
    ]);
  });

  it('shows a moderator only the gaps of their own community', async () => {
    fake.answerWith((question) => sampleAnswer(question, { abstained: true }));
    await askInGroup('asked here');
    await askInGroup('asked elsewhere', { channel: { platform: 'telegram', chatId: '-200' } });
    await askInGroup('asked on discord', {
      platform: 'discord',
      channel: { platform: 'discord', chatId: '-100' },
    });
    const outgoing = await core.router.handle(groupEvent({ command: 'report', moderator: true }));
    const text = outgoing?.reply.blocks.join('\n') ?? '';
    expect(text).toContain('"asked here"');
    expect(text).not.toContain('elsewhere');
    expect(text).not.toContain('discord');
    expect(outgoing?.reply.private).toBe(true);
  });

  it('treats a reply to any message of an answer as a follow-up with that context', async () => {
    const first = await askInGroup('What is Render?');
    await first.afterSend?.(['m1', 'm2']);
    await askInGroup('unrelated group chatter');
    await askInGroup('and who pays for the GPUs?', { replyToMessageId: 'm2' });
    expect(fake.calls[1]?.context?.history).toBeUndefined();
    expect(fake.calls[2]?.context?.history).toEqual([
      { question: 'What is Render?', answer: sampleAnswer('What is Render?').text },
    ]);
  });

  it('bounds a reply chain to the last three turns', async () => {
    let replyTo: string | undefined;
    for (let turn = 1; turn <= 5; turn += 1) {
      const outgoing = await askInGroup(`question ${turn}`, { replyToMessageId: replyTo });
      replyTo = `answer-${turn}`;
      await outgoing.afterSend?.([replyTo]);
    }
    expect(fake.calls[4]?.context?.history?.map((turn) => turn.question)).toEqual([
      'question 2',
      'question 3',
      'question 4',
    ]);
  });

  it('continues the conversation of a thread without an explicit reply', async () => {
    const channel = { platform: 'telegram' as const, chatId: '-100', threadId: '7' };
    await askInGroup('What is Helium?', { channel });
    await askInGroup('and its token?', { channel, userId: '43' });
    expect(fake.calls[1]?.context?.history?.[0]?.question).toBe('What is Helium?');
  });

  it('forgets reply-chain context after a day', async () => {
    const first = await askInGroup('What is Render?');
    await first.afterSend?.(['m1']);
    await db.query("UPDATE bot_answer_messages SET expires_at = now() - interval '1 second'");
    await askInGroup('follow-up', { replyToMessageId: 'm1' });
    expect(fake.calls[1]?.context?.history).toBeUndefined();
    await core.purge();
    expect(await db.query('SELECT 1 FROM bot_answer_messages')).toHaveLength(0);
  });

  it('keeps one vote per user and answer, from any user in the group', async () => {
    const outgoing = await askInGroup('What is Akash?');
    const [up, down] = outgoing.reply.buttons;
    expect(outgoing.reply.buttons.map((button) => button.label)).toEqual(['👍', '👎']);
    const press = (userId: string, buttonId: string) =>
      core.router.press({
        platform: 'telegram',
        channel: { platform: 'telegram', chatId: '-100' },
        userId,
        buttonId,
      });
    expect(await press('42', up!.id)).toBe('Thanks for the feedback 👍');
    expect(await press('43', down!.id)).toBe('Thanks for the feedback 👎');
    expect(await press('42', down!.id)).toBe('Vote changed to 👎');
    const votes = await db.query<{ vote: number }>('SELECT vote FROM bot_feedback ORDER BY vote');
    expect(votes).toEqual([{ vote: -1 }, { vote: -1 }]);
    expect(await press('42', 'fb:999999:up')).toBe('That answer is no longer stored.');
    expect(await press('42', 'something-else')).toBe('This button is no longer active.');
  });

  it('stores a keyed hash of the user id, never the id', async () => {
    await askInGroup('What is Akash?', { userId: '123456789' });
    const [row] = await db.query<{ user_hash: string }>('SELECT user_hash FROM bot_answers');
    expect(row?.user_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(await db.query('SELECT * FROM bot_answers'))).not.toContain('123456789');
  });

  it('marks a chat reachable again when it writes to the bot', async () => {
    const channel = { platform: 'telegram' as const, chatId: '-100' };
    await core.reachability.markUnreachable(channel, 'Forbidden: bot was blocked by the user');
    expect(await core.reachability.isUnreachable(channel)).toBe(true);
    await core.router.handle(groupEvent({ command: 'help' }));
    expect(await core.reachability.isUnreachable(channel)).toBe(false);
  });
});
