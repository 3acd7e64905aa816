import type { Platform } from '../chat/chat-adapter.ts';
import type { Command } from '../chat/command.ts';
import { createAlertCommand } from './alerts/alert-commands.ts';
import { createSubscriptionCommands } from './digests/subscription-commands.ts';
import { createMetricsCommand } from './series/metrics-command.ts';
import type { MetricsServices } from './metrics-services.ts';

/** The metrics area's command plugins: /metrics, /alert, /subscribe, /unsubscribe, /digest. */
export function createMetricsCommands(
  metrics: MetricsServices,
  hashUser: (platform: Platform, userId: string) => string,
): Command[] {
  return [
    createMetricsCommand(metrics.readings),
    createAlertCommand({ alerts: metrics.alerts, readings: metrics.readings, hashUser }),
    ...createSubscriptionCommands({
      subscriptions: metrics.subscriptions,
      composeDigest: metrics.composeDigest,
      clock: metrics.readings.clock,
      hashUser,
    }),
  ];
}

/** A /forget hook: removes the user's digests and personal alerts; resolves to the rows deleted. */
export function createMetricsForgetHook(metrics: MetricsServices) {
  return async ({ userHash }: { platform: Platform; userId: string; userHash: string }): Promise<number> =>
    (await metrics.subscriptions.forgetCreator(userHash)) + (await metrics.alerts.forgetCreator(userHash));
}
