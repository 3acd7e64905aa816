/**
 * `npm run bench:discord`: two bot processes, each holding one of two gateway shards, against the
 * loopback Discord fake (gateway + REST) with guilds spread over both shards. Every guild's members
 * mention the bot; the fake records each answer. Reports answers per process, lost, duplicated and
 * wrong-shard answers, and the time from dispatch to answer.
 * Flags: --guilds 200 --messages 5 (per guild) --rate 40 (mentions/s, all guilds) --shards 2
 *        --processes 2 --json
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { APP_ID, shardOf, startDiscordFake, type RestCall } from '../../test/fakes/discord-fake.ts';
import { mentionIn, spreadGuilds, startShardProcesses } from '../../test/fakes/discord-shard-fleet.ts';
import { percentile } from './send-rates.ts';

const TOKEN = 'bench-discord-token.abcdefghijklmnop';
const { values } = parseArgs({
  options: {
    guilds: { type: 'string', default: '200' },
    messages: { type: 'string', default: '5' },
    rate: { type: 'string', default: '40' },
    shards: { type: 'string', default: '2' },
    processes: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
  },
});
const guildCount = Number(values.guilds);
const perGuild = Number(values.messages);
const rate = Number(values.rate);
const shardCount = Number(values.shards);
const processCount = Number(values.processes);
if (
  ![guildCount, perGuild, shardCount, processCount].every((n) => Number.isInteger(n) && n > 0) ||
  processCount > shardCount
) {
  console.error(
    '--guilds, --messages, --shards and --processes are positive whole numbers, processes ≤ shards',
  );
  process.exit(2);
}
/** Process i holds the shards i, i + processes, ...: a fixed slice each. */
const slices = Array.from({ length: processCount }, (_, index) =>
  Array.from({ length: shardCount }, (_, shard) => shard)
    .filter((shard) => shard % processCount === index)
    .join(','),
);

const guilds = spreadGuilds(guildCount);
const fake = await startDiscordFake({ token: TOKEN, guilds, recommendedShards: shardCount });
const startedAt = Date.now();
const fleet = startShardProcesses({ apiUrl: fake.apiUrl, token: TOKEN, shardCount, slices });
try {
  await Promise.all(fleet.map((member) => member.ready));
  const readySeconds = (Date.now() - startedAt) / 1000;

  const sentAt = new Map<string, { at: number; shard: number }>();
  const dispatchStart = Date.now();
  // Paced at --rate across all guilds, round by round, as members of many guilds would write.
  for (let round = 0; round < perGuild; round++) {
    for (const [index, guild] of guilds.entries()) {
      const due = dispatchStart + (sentAt.size * 1000) / rate;
      if (due > Date.now()) await sleep(due - Date.now());
      const author = String(800_000_000_000_000_000n + BigInt(index * perGuild + round));
      const message = mentionIn(guild, APP_ID, author, `question ${round} in guild ${index}`);
      sentAt.set(message.id, { at: Date.now(), shard: shardOf(guild.id, shardCount) });
      fake.dispatch('MESSAGE_CREATE', message);
    }
  }
  const total = sentAt.size;
  const answers = () =>
    fake.calls.filter((call) => call.method === 'POST' && /^\/channels\/\d+\/messages$/.test(call.path));
  const deadline = Date.now() + 120_000;
  while (answers().length < total && Date.now() < deadline) await sleep(100);
  await sleep(1000); // late duplicates
  const report = summarise(answers(), sentAt, dispatchStart);
  const registrations = fake.calls.filter(
    (call) => call.method === 'PUT' && call.path === `/applications/${APP_ID}/commands`,
  ).length;
  const result = {
    processes: processCount,
    shards: shardCount,
    guilds: guildCount,
    messages: total,
    rate_per_second: rate,
    ready_seconds: readySeconds,
    identifies: fake.identifies.length,
    command_registrations: registrations,
    ...report,
  };
  console.log(
    `Discord: ${processCount} processes × ${shardCount} shards, ${guildCount} guilds, ${total} mentions`,
  );
  console.log(
    `  ready after ${readySeconds.toFixed(1)} s; ${result.identifies} IDENTIFYs; commands registered ${registrations}×`,
  );
  for (const [slice, count] of Object.entries(report.answers_per_process))
    console.log(`  process with shards ${slice}: ${count} answers`);
  console.log(
    `  lost ${report.lost}, duplicated ${report.duplicated}, answered by the wrong shard ${report.wrong_shard}`,
  );
  console.log(
    `  ${report.answers_per_second.toFixed(0)} answers/s; dispatch → answer p50 ${report.p50_ms} ms, p95 ${report.p95_ms} ms`,
  );
  if (values.json) console.log(JSON.stringify(result));
  process.exitCode = report.lost === 0 && report.duplicated === 0 && report.wrong_shard === 0 ? 0 : 1;
} finally {
  await Promise.all(fleet.map((member) => member.stop()));
  await fake.close();
}

function summarise(
  calls: RestCall[],
  sentAt: Map<string, { at: number; shard: number }>,
  dispatchStart: number,
) {
  const seen = new Map<string, number>();
  const perProcess: Record<string, number> = {};
  const latencies: number[] = [];
  let wrongShard = 0;
  let last = dispatchStart;
  for (const call of calls) {
    const body = call.body as { content?: string; message_reference?: { message_id?: string } };
    const id = body.message_reference?.message_id ?? '';
    const sent = sentAt.get(id);
    if (!sent) continue;
    seen.set(id, (seen.get(id) ?? 0) + 1);
    const slice = /answered by shards ([\d,]+)/.exec(body.content ?? '')?.[1] ?? '?';
    perProcess[slice] = (perProcess[slice] ?? 0) + 1;
    if (!slice.split(',').includes(String(sent.shard))) wrongShard++;
    latencies.push(call.at - sent.at);
    last = Math.max(last, call.at);
  }
  latencies.sort((a, b) => a - b);
  return {
    answers_per_process: perProcess,
    lost: [...sentAt.keys()].filter((id) => !seen.has(id)).length,
    duplicated: [...seen.values()].reduce((sum, count) => sum + count - 1, 0),
    wrong_shard: wrongShard,
    answers_per_second: latencies.length / Math.max(0.001, (last - dispatchStart) / 1000),
    p50_ms: percentile(latencies, 0.5),
    p95_ms: percentile(latencies, 0.95),
  };
}
