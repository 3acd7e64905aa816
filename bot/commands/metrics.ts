import { parseNetwork } from '../../metrics/series/metric-names.ts';
import { buildMetricsOverview } from '../../metrics/series/metrics-overview.ts';
import type { MetricsServices } from '../../metrics/start-metrics.ts';
import { say, type Command } from '../../chat/command.ts';

export interface MetricsCommandDeps {
  metrics: MetricsServices;
}

/** `/metrics [network]`: the table, then the 7-day chart as a follow-up the adapter sends on its own. */
export function createMetricsCommand(deps: MetricsCommandDeps): Command {
  return {
    async run(event, log) {
      const word = event.text.trim();
      const network = word ? parseNetwork(word) : undefined;
      if (word && !network)
        return say(`Unknown network "${word}". Try akash, render, filecoin, helium or hivemapper.`);
      const overview = await buildMetricsOverview(network, deps.metrics.readings, (error) =>
        log.warn({ err: error }, 'metrics chart could not be drawn; sending the table alone'),
      );
      return overview.chart
        ? { reply: overview.text, followUps: [overview.chart] }
        : { reply: overview.text };
    },
  };
}
