import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../../db/database.ts';
import { createFakeAsk, sampleAnswer, type FakeAsk } from '../../../fakes/fake-ask.ts';
import { testEngines } from '../../../fakes/test-db.ts';
import { openTerminal, type TerminalDriver } from '../../terminal-driver.ts';

describe.each(testEngines())('the bot through the terminal adapter on $name', (engine) => {
  let db: Database;
  let fake: FakeAsk;
  let terminal: TerminalDriver;

  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.exec(
      'TRUNCATE bot_answers, bot_feedback, bot_answer_messages, bot_unreachable_chats, documents, chunk_terms CASCADE',
    );
    fake = createFakeAsk();
    terminal = await openTerminal(db, fake);
  });
  afterEach(() => terminal.close());

  it('answers a plain question with numbered sources and a way to rate it', async () => {
    const out = await terminal.say('How does Akash price GPUs?');
    expect(out).toBe(
      [
        'Akash leases GPUs through a reverse auction. (asked: How does Akash price GPUs?)',
        'Not financial advice.',
        'Sources:\n[1] Akash Network — GPU marketplace (akash.md, as of 2025-06-01)',
        'Rate this answer: /good or /bad',
      ].join('\n\n'),
    );
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.question).toBe('How does Akash price GPUs?');
    expect(fake.calls[0]?.context?.history).toBeUndefined();
  });

  it('answers /ask the same way and cleans the question with the one cleaner (zero-width characters gone, spaces collapsed)', async () => {
    await terminal.say('/ask What\u200B is   Render?\u200D');
    expect(fake.calls[0]?.question).toBe('What is Render?');
  });

  it('gives the previous question and answer as context to a follow-up in a private chat', async () => {
    await terminal.say('What is Akash?');
    await terminal.say('and how are providers paid?');
    expect(fake.calls[1]?.context?.history).toEqual([
      { question: 'What is Akash?', answer: sampleAnswer('What is Akash?').text },
    ]);
  });

  it('records a vote, changes it on a second press and never counts it twice', async () => {
    expect(await terminal.say('/good')).toBe('There is no answer to rate yet.');
    await terminal.say('What is Helium?');
    expect(await terminal.say('/good')).toBe('Thanks for the feedback 👍');
    expect(await terminal.say('/good')).toBe('You already rated this answer 👍');
    expect(await terminal.say('/bad')).toBe('Vote changed to 👎');
    const votes = await db.query<{ vote: number }>('SELECT vote FROM bot_feedback');
    expect(votes).toEqual([{ vote: -1 }]);
  });

  it('lists every command with examples in /help', async () => {
    const out = await terminal.say('/help');
    for (const command of ['/ask <question>', '/help', '/about', '/sources', '/report', '/forget']) {
      expect(out).toContain(command);
    }
    expect(out).toContain('/ask How does Akash price GPU leases?');
  });

  it('states sources, freshness, privacy and the not-financial-advice line in /about', async () => {
    const out = await terminal.say('/about');
    expect(out).toContain('Freshness: documents last ingested never.');
    expect(out).toContain('Not financial advice');
    expect(out).toContain('/forget deletes all of it');
  });

  it('lists the knowledge base in /sources', async () => {
    expect(await terminal.say('/sources')).toBe(
      'The knowledge base is empty: no documents have been ingested yet.',
    );
    await db.query(
      `INSERT INTO documents (root, path, title, doc_date, content_hash, bytes)
       VALUES ('/k', 'akash.md', 'Akash Network', '2025-06-01', 'h', 10)`,
    );
    await db.query(
      "INSERT INTO ingest_runs (root, added, updated, removed, skipped, failed, finished_at) VALUES ('/k', 1, 0, 0, 0, 0, '2026-01-02T03:04:00Z')",
    );
    expect(await terminal.say('/sources')).toBe(
      'Knowledge base: 1 documents, 0 passages, last ingested 2026-01-02 03:04 UTC.\n\n' +
        '1. Akash Network (akash.md, as of 2025-06-01)',
    );
  });

  it('reports unanswered and down-voted questions, most frequent first', async () => {
    fake.answerWith((question) =>
      /moon/i.test(question)
        ? sampleAnswer(question, { abstained: true, text: "I don't know." })
        : sampleAnswer(question),
    );
    await terminal.say('When moon?');
    await terminal.say('when   MOON');
    await terminal.say('What is Filecoin?');
    await terminal.say('/bad');
    await terminal.say('What is DePIN?');
    const out = await terminal.say('/report');
    const lines = out.split('\n');
    expect(lines[0]).toBe('Questions to fill gaps for, last 7 days, most frequent first:');
    expect(lines[2]).toMatch(/^1\. "(When moon\?|when {3}MOON)" \(unanswered ×2; last \d{4}-\d\d-\d\d\)$/);
    expect(lines[3]).toMatch(/^2\. "What is Filecoin\?" \(👎 ×1; last \d{4}-\d\d-\d\d\)$/);
    expect(out).not.toContain('DePIN');
  });

  it('leaves questions older than 7 days out of /report', async () => {
    fake.answerWith((question) => sampleAnswer(question, { abstained: true }));
    await terminal.say('An old question');
    await db.query("UPDATE bot_answers SET created_at = now() - interval '8 days'");
    expect(await terminal.say('/report')).toBe('No unanswered or badly rated questions in the last 7 days.');
  });

  it('forgets the user: questions, context and votes are gone', async () => {
    await terminal.say('What is Akash?');
    await terminal.say('/good');
    expect(await terminal.say('/forget')).toBe(
      'Done. I deleted 1 question with their answers and conversation context, 1 rating. Nothing else about you is stored.',
    );
    const [counts] = await db.query<{ answers: string; votes: string; links: string }>(
      `SELECT (SELECT count(*)::int FROM bot_answers) AS answers, (SELECT count(*)::int FROM bot_feedback) AS votes,
              (SELECT count(*)::int FROM bot_answer_messages) AS links`,
    );
    expect(counts).toEqual({ answers: 0, votes: 0, links: 0 });
    await terminal.say('and its token?');
    expect(fake.calls[1]?.context?.history).toBeUndefined();
  });

  it('refuses an oversized question without asking', async () => {
    const out = await terminal.say(`/ask ${'x'.repeat(1001)}`);
    expect(out).toBe(
      'That question is 1,001 characters long; please keep it under 1,000 and ask one thing at a time.',
    );
    expect(fake.calls).toHaveLength(0);
  });

  it('explains /ask without a question', async () => {
    expect(await terminal.say('/ask   ')).toBe(
      'Ask me something about DePIN networks, for example: /ask How does Akash price GPU leases?',
    );
  });

  it('answers an unknown command with a pointer to /help', async () => {
    expect(await terminal.say('/moon')).toBe("I don't know /moon. Try /help.");
  });

  it('says an answer took too long, with a reference, and reports it as unanswered', async () => {
    await terminal.close();
    terminal = await openTerminal(db, fake, { askTimeoutMs: 100 });
    fake.answerWith(() => new Promise(() => {}));
    const out = await terminal.say('A slow question');
    expect(out).toMatch(
      /^That took too long to answer\. Please try again in a moment\. \(ref [0-9a-f]{8}\)$/,
    );
    expect(fake.calls[0]?.context?.signal?.aborted).toBe(true);
    expect(await terminal.say('/report')).toContain('"A slow question" (unanswered ×1');
  });

  it('hides the internals of a failing answerer', async () => {
    fake.answerWith(() => {
      throw new Error('connect ECONNREFUSED 10.0.0.1:5432 password=hunter2');
    });
    const out = await terminal.say('Anything');
    expect(out).toMatch(/^Something went wrong while answering\. \(ref [0-9a-f]{8}\)$/);
  });

  it('limits questions per user: one polite notice, then silence', async () => {
    await terminal.close();
    terminal = await openTerminal(db, fake, { askPerMinute: 2 });
    await terminal.say('one');
    await terminal.say('two');
    expect(await terminal.say('three')).toMatch(
      /^You're asking faster than I can answer well\. Please wait about \d+ seconds, then ask again\.$/,
    );
    expect(await terminal.say('four')).toBe('');
    expect(await terminal.say('/help')).toContain('Commands:');
    expect(fake.calls.map((call) => call.question)).toEqual(['one', 'two']);
  });

  it('answers piped lines one by one and closes at the end of input', async () => {
    const answered: string[] = [];
    fake.answerWith(async (question) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      answered.push(question);
      return sampleAnswer(question);
    });
    const out = Promise.all([terminal.say('first'), terminal.say('second'), terminal.say('/quit')]);
    await out;
    await terminal.adapter.closed;
    expect(answered).toEqual(['first', 'second']);
  });

  it('answers nothing after /quit, even lines already piped in', async () => {
    await Promise.all([terminal.say('/quit'), terminal.say('never answered')]);
    await terminal.adapter.closed;
    expect(fake.calls).toHaveLength(0);
  });
});
