import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { EvalQuestion } from './score.ts';

const goldSchema = z.array(z.object({ file: z.string(), evidence: z.string() }));

const questionSchema = z.object({
  id: z.string().optional(),
  question: z.string().min(1),
  gold: goldSchema,
  kind: z.string().optional(),
});

const conversationSchema = z.object({
  id: z.string(),
  turns: z
    .array(questionSchema.extend({ follow_up: z.boolean().default(false), answer: z.string().optional() }))
    .min(1),
});

/** A turn of a conversation, scored like a question; `followUp` says whether it leans on the earlier turns. */
export interface EvalTurn extends EvalQuestion {
  followUp: boolean;
}

export interface EvalConversation {
  id: string;
  turns: EvalTurn[];
}

function readLines<T>(file: string, parse: (value: unknown, line: number) => T): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, index }) => parse(JSON.parse(line), index + 1));
}

/** `{id, question, gold: [{file, evidence}], kind}` per line (dev.jsonl, dev-chat.jsonl). */
export function readQuestions(file: string): EvalQuestion[] {
  return readLines(file, (value, line) => {
    const parsed = questionSchema.safeParse(value);
    if (!parsed.success)
      throw new Error(`${file}:${line}: expected {id, question, gold: [{file, evidence}]}`);
    return { ...parsed.data, id: parsed.data.id ?? `q${line}` };
  });
}

/** `{id, turns: [{question, gold, answer, kind, follow_up}]}` per line; turn ids are `<id>-t<n>`. */
export function readConversations(file: string): EvalConversation[] {
  return readLines(file, (value, line) => {
    const parsed = conversationSchema.safeParse(value);
    if (!parsed.success)
      throw new Error(`${file}:${line}: expected {id, turns: [{question, gold, kind, follow_up}]}`);
    return {
      id: parsed.data.id,
      turns: parsed.data.turns.map((turn, index) => ({
        id: `${parsed.data.id}-t${index + 1}`,
        question: turn.question,
        gold: turn.gold,
        kind: turn.kind,
        followUp: turn.follow_up,
      })),
    };
  });
}
