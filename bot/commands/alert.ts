import { handleAlertCommand } from '../../metrics/alerts/alert-commands.ts';
import { CATALOGUE } from '../../metrics/series/catalogue.ts';
import { suggestMetrics } from '../../metrics/series/metric-names.ts';
import type { MetricsServices } from '../../metrics/start-metrics.ts';
import type { UserHasher } from '../user-hash.ts';
import type { Command } from '../../chat/command.ts';

export interface AlertCommandDeps {
  metrics: MetricsServices;
  hashUser: UserHasher;
}

/** `/alert add|list|remove|mute|test`; the router has already checked who may run the subcommand. */
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
