import { handleAlertCommand } from '../../metrics/alert-commands.ts';
import { CATALOGUE } from '../../metrics/catalogue.ts';
import { suggestMetrics } from '../../metrics/metric-names.ts';
import type { MetricsServices } from '../../metrics/start-metrics.ts';
import type { UserHasher } from '../user-hash.ts';
import type { Command } from './command.ts';

/** Register beside the other specs (CommandSpec['name'] needs 'alert' added). */
export const alertCommandSpec = {
  name: 'alert',
  description: 'GPU-network alerts for this chat: add, list, remove, mute, test',
  option: {
    name: 'action',
    description: 'e.g. add akash.gpu.available below 50 · list · mute 3 6h',
    required: false,
  },
  // Checked inside: moderators in groups, anyone for their own alerts in a private chat.
  moderatorOnly: false,
  privateReply: false,
} as const;

export interface AlertCommandDeps {
  metrics: MetricsServices;
  hashUser: UserHasher;
}

export function createAlertCommand(deps: AlertCommandDeps): Command {
  return {
    async run(event) {
      const reply = await handleAlertCommand(event.text, {
        channel: event.channel,
        chatKind: event.chatKind,
        userHash: deps.hashUser(event.platform, event.userId),
        isModerator: () => event.isModerator(),
        alerts: deps.metrics.alerts,
        readings: deps.metrics.readings,
      });
      return { reply };
    },
  };
}

/** Discord autocomplete for the metric name: catalogue ids and aliases closest to what was typed. */
export function autocompleteMetric(typed: string): string[] {
  if (typed.trim() === '')
    return CATALOGUE.filter((metric) => metric.key)
      .map((metric) => metric.id)
      .slice(0, 25);
  return suggestMetrics(typed, 25);
}
