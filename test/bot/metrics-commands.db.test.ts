import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import type { MetricsHandle } from '../../bot/start-metrics.ts';
import { createFakeAsk } from '../fakes/fake-ask.ts';
import { testEngines } from '../fakes/test-db.ts';
import { openTerminal, type TerminalDriver } from './terminal-driver.ts';
import { startReplayMetrics } from './replay-metrics.ts';

const now = new Date('2026-05-04T10:00:00Z');
const member = { chatKind: 'group', userId: '42', moderator: false } as const;
const moderator = { chatKind: 'group', userId: '43', moderator: true } as const;

describe.each(testEngines())('metrics commands through the terminal adapter on $name', (engine) => {
  let db: Database;
  let metrics: MetricsHandle;
  let terminal: TerminalDriver;

  beforeAll(async () => {
    db = await engine.open();
    metrics = await startReplayMetrics(db, () => now);
    terminal = await openTerminal(db, createFakeAsk(), {}, { metrics: metrics.services });
    await metrics.startDelivery([terminal.adapter]);
  });
  afterAll(async () => {
    await terminal.close();
    await metrics.stop();
    await db.close();
  });

  it('answers /metrics akash with a table that says it is dated sample data, then a chart image', async () => {
    const out = await terminal.say('/metrics akash');
    expect(out).toMatch(/^Akash: latest metrics\n• Akash active leases: /);
    expect(out).toContain(
      'Sample data: these figures come from the bundled offline snapshot of 2026-04-22 12:00 UTC, not from live APIs',
    );
    const table = out.indexOf('Sources:');
    const chart = out.search(/\[chart: \d+ bytes\] Akash: latest metrics, 7-day chart of /);
    expect(table).toBeGreaterThan(0);
    expect(chart).toBeGreaterThan(table);
    expect(Number(/\[chart: (\d+) bytes\]/.exec(out)?.[1])).toBeGreaterThan(1000);
  });

  it('lets a group moderator add, list and remove an alert, and refuses a member', async () => {
    terminal.actAs(member);
    expect(await terminal.say('/alert add akash.gpu.available below 100')).toBe(
      'Sorry, in a group /alert add is for moderators only (Discord: Manage Server; Telegram: group admins). ' +
        'In a private chat with me you can set up your own.',
    );
    terminal.actAs(moderator);
    const added = await terminal.say('/alert add akash.gpu.available below 100');
    expect(added).toMatch(
      /^Alert #(\d+) set: Akash GPUs available below 100 GPUs \(cooldown 6h, re-arm margin 5 %\)\. Now: 116 GPUs \(observed 2026-04-22 12:00 UTC, sample data\)\./,
    );
    const id = /#(\d+)/.exec(added)?.[1];
    terminal.actAs(member);
    expect(await terminal.say('/alert list')).toContain(`#${id} Akash GPUs available below 100 GPUs`);
    expect(await terminal.say(`/alert remove ${id}`)).toMatch(
      /^Sorry, in a group \/alert remove is for moderators/,
    );
    terminal.actAs(moderator);
    expect(await terminal.say(`/alert remove ${id}`)).toBe(`Alert #${id} removed.`);
    expect(await terminal.say('/alert list')).toMatch(/^No alerts in this chat\./);
  });

  it('suggests the metric meant by a typo', async () => {
    terminal.actAs(moderator);
    expect(await terminal.say('/alert add akash.gpu.availble below 100')).toMatch(
      /^Unknown metric "akash\.gpu\.availble"\. Did you mean: akash\.gpu\.available/,
    );
  });

  it('lets anyone set personal alerts in a private chat', async () => {
    terminal.actAs({ chatKind: 'private', userId: '7', moderator: false });
    expect(await terminal.say('/alert add AKT price change -10% 24h')).toMatch(
      /^Alert #\d+ set: AKT price change -10% over 24h/,
    );
  });

  it('states the next delivery of a subscription, and /forget removes it', async () => {
    terminal.actAs({ chatKind: 'private', userId: '9', moderator: false });
    expect(await terminal.say('/subscribe 08:30 Europe/Berlin')).toBe(
      [
        'Subscribed: a daily digest at 08:30 Europe/Berlin (all networks).',
        'Next delivery: 2026-05-05 08:30 Europe/Berlin (2026-05-05 06:30 UTC).',
        '/digest shows it now; /unsubscribe stops it.',
      ].join('\n\n'),
    );
    const channel = { platform: 'terminal' as const, chatId: 'terminal' };
    expect((await metrics.services.subscriptions.get(channel))?.active).toBe(true);
    expect(await terminal.say('/forget')).toMatch(
      / and 1 other record \(digest subscriptions and alerts\)\./,
    );
    expect(await metrics.services.subscriptions.get(channel)).toBeUndefined();
  });

  it('refuses a member who subscribes a group, and previews the digest for anyone', async () => {
    terminal.actAs(member);
    expect(await terminal.say('/subscribe 09:00')).toMatch(
      /^Sorry, in a group \/subscribe is for moderators only/,
    );
    expect(await terminal.say('/digest')).toMatch(/^Daily DePIN digest for 2026-05-04 \(UTC\)/);
  });
});
