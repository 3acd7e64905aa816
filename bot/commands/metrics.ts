import type { ChannelRef } from '../adapters/types.ts';
import type { Reply } from '../reply.ts';
import { parseNetwork } from '../../metrics/metric-names.ts';
import { buildMetricsOverview } from '../../metrics/metrics-overview.ts';
import type { MetricsServices } from '../../metrics/start-metrics.ts';
import { say, type Command } from './command.ts';

/** Register beside the other specs (CommandSpec['name'] needs 'metrics' added). */
export const metricsCommandSpec = {
  name: 'metrics',
  description: 'Latest network metrics as a table, then a 7-day chart',
  option: { name: 'network', description: 'akash, render, filecoin, helium or hivemapper', required: false },
  moderatorOnly: false,
  privateReply: false,
} as const;

export interface MetricsCommandDeps {
  metrics: MetricsServices;
  /** Posts the chart as its own message after the table; its failure never holds the table back. */
  sendFollowUp?(channel: ChannelRef, reply: Reply): Promise<unknown>;
}

export function createMetricsCommand(deps: MetricsCommandDeps): Command {
  return {
    async run(event, log) {
      const word = event.text.trim();
      const network = word ? parseNetwork(word) : undefined;
      if (word && !network)
        return say(`Unknown network "${word}". Try akash, render, filecoin, helium or hivemapper.`);
      const overview = await buildMetricsOverview(network, deps.metrics.readings);
      const chart = overview.chart;
      return {
        reply: overview.text,
        afterSend: async () => {
          if (!chart || !deps.sendFollowUp) return;
          try {
            await deps.sendFollowUp(event.channel, chart);
          } catch (error) {
            log.warn({ err: error }, 'metrics chart could not be sent');
          }
        },
      };
    },
  };
}
