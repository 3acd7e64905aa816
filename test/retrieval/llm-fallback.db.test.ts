import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../bot/config.ts';
import { createLogger } from '../../bot/logger.ts';
import type { Database } from '../../db/database.ts';
import { startKnowledge, type Knowledge } from '../../bot/start-knowledge.ts';
import { NOT_FINANCIAL_ADVICE } from '../../chat/not-financial-advice.ts';
import { evidenceVerdict } from '../../retrieval/evidence-gate.ts';
import { passageCount, startFakeOpenAI, type ChatMode, type FakeOpenAI } from '../fakes/openai-fake.ts';
import { testEngines } from '../fakes/test-db.ts';
import { FIXTURE_DIR } from '../knowledge/knowledge-folder.ts';

const QUESTION = 'How does pricing work on Akash?';
const LLM_TIMEOUT_MS = 400;

function configFor(fake: FakeOpenAI): Config {
  const result = loadConfig({
    KNOWLEDGE_DIR: FIXTURE_DIR,
    OPENAI_API_KEY: 'sk-test-key',
    OPENAI_BASE_URL: fake.url,
    CHAT_MODEL: 'fake-chat',
    LLM_TIMEOUT_MS: String(LLM_TIMEOUT_MS),
  });
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ slowMs: 5_000 });
});
afterAll(() => fake.close());

describe.each(testEngines())('answering with an LLM on $name', (engine) => {
  let db: Database;
  let knowledge: Knowledge;
  const warnings: string[] = [];

  beforeAll(async () => {
    db = await engine.open();
    const logger = createLogger('warn', { write: (line: string) => void warnings.push(line) });
    knowledge = await startKnowledge({ db, config: configFor(fake), logger });
  });
  afterAll(() => db.close());
  beforeEach(() => {
    fake.reset();
    warnings.length = 0;
  });

  it('uses the model answer, citing the passage it names, when the model answers well', async () => {
    const answer = await knowledge.answer(QUESTION);
    expect(answer).toMatchObject({ usedLlm: true, abstained: false, redirected: false });
    expect(answer.sources).toEqual([
      expect.objectContaining({
        n: 1,
        path: answer.retrieved[0]!.path,
        section: answer.retrieved[0]!.section,
      }),
    ]);
    expect(answer.sources[0]).toMatchObject({ path: 'akash.md', section: 'Pricing', date: '2025-06-01' });
    expect(answer.text).toMatch(/^According to the sources, .* \[1\]\n\nNot financial advice/);
    expect(answer.text.endsWith(NOT_FINANCIAL_ADVICE)).toBe(true);

    const [request] = fake.chatRequests;
    expect(fake.chatRequests).toHaveLength(1);
    expect(request?.model).toBe('fake-chat');
    expect(request?.headers.authorization).toBe('Bearer sk-test-key');
    expect(request?.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(passageCount(request!)).toBeGreaterThan(1);
    expect(request?.messages[1]?.content).toContain(`<question>${QUESTION}</question>`);
  });

  it.each<[ChatMode, string]>([
    ['rate-limited', '429'],
    ['server-error', '500'],
    ['slow', 'time-out'],
    ['malformed', 'malformed JSON'],
    ['unknown-only', 'only a passage it was not given'],
  ])('answers extractively with sources when the model fails (%s: %s)', async (mode) => {
    fake.setChatMode(mode);
    const started = Date.now();
    const answer = await knowledge.answer(QUESTION);
    expect(answer).toMatchObject({ usedLlm: false, abstained: false });
    expect(answer.text).not.toContain('According to the sources');
    expect(answer.text).toContain('reverse auction');
    expect(answer.text.endsWith(NOT_FINANCIAL_ADVICE)).toBe(true);
    expect(answer.sources[0]).toMatchObject({ n: 1, path: 'akash.md', section: 'Pricing' });
    // One attempt, no retries: a failing model must not hold the user up.
    expect(fake.chatRequests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(LLM_TIMEOUT_MS + 3_000);
    expect(warnings.join('\n')).toMatch(
      /LLM answer failed; answering extractively|generated answer not grounded/,
    );
    // The 429 paused model calls for its Retry-After (5 ms): that pause must end before the next
    // test, which otherwise (on a fast store) finds the model paused and never calls it.
    if (mode === 'rate-limited') await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it('drops the sentence citing a passage the model was not given and keeps the rest', async () => {
    fake.setChatMode('out-of-range');
    const answer = await knowledge.answer(QUESTION);
    const given = passageCount(fake.chatRequests[0]!);
    expect(answer.usedLlm).toBe(true);
    expect(answer.text).toMatch(/^According to the sources, /);
    // Pinned bug (issue 11): the mark was dropped and its sentence went out uncited.
    expect(answer.text).not.toContain('It also says more');
    expect(answer.text).not.toContain(`[${given + 1}]`);
    expect([...answer.text.matchAll(/\[(\d+)\]/g)].map((match) => match[1])).toEqual(['1']);
    expect(answer.sources.map((source) => source.n)).toEqual([1]);
  });

  it('abstains when the model says the passages do not answer', async () => {
    fake.setChatMode('not-found');
    const answer = await knowledge.answer(QUESTION);
    expect(answer).toMatchObject({ usedLlm: true, abstained: true, sources: [] });
    expect(answer.text).toMatch(/^I don't know/);
  });

  // Its best passage holds about three quarters of what the gate asks for (support 0.78 on the
  // fixture knowledge): declined offline, the model's call when one is configured.
  const BORDERLINE = 'who audits the render network';

  it('lets the model judge evidence just short of the gate, and declines when it says it does not answer', async () => {
    const retrieval = await knowledge.retriever.retrieve(BORDERLINE, 10);
    expect(evidenceVerdict(retrieval.searched, retrieval)).toBe('borderline');
    const answered = await knowledge.answer(BORDERLINE);
    expect(answered).toMatchObject({ usedLlm: true, abstained: false });
    expect(answered.text).toMatch(/^According to the sources, /);
    expect(fake.chatRequests).toHaveLength(1);

    fake.setChatMode('not-found');
    const declined = await knowledge.answer(BORDERLINE);
    expect(declined).toMatchObject({ usedLlm: true, abstained: true, sources: [] });
    expect(declined.text).toMatch(/^I don't know/);
  });

  it('declines evidence short of the gate when the model fails, as it would offline', async () => {
    fake.setChatMode('server-error');
    const answer = await knowledge.answer(BORDERLINE);
    expect(fake.chatRequests).toHaveLength(1);
    expect(answer).toMatchObject({ usedLlm: false, abstained: true, sources: [] });
    expect(answer.text).toMatch(/^I don't know: my sources don't cover that/);
  });

  it('never calls the model for advice requests or questions the sources do not cover', async () => {
    expect((await knowledge.ask('Should I buy AKT?')).redirected).toBe(true);
    expect((await knowledge.ask('How do I bake bread?')).abstained).toBe(true);
    expect(fake.chatRequests).toHaveLength(0);
  });
});
