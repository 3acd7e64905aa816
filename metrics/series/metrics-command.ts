import { say, type Command } from '../../chat/command.ts';
import { NETWORKS, parseNetwork } from '../../retrieval/networks.ts';
import { buildMetricsOverview } from './metrics-overview.ts';
import type { ReadingDeps } from './readings.ts';

/** `/metrics [network]`: the table, then the 7-day chart as a follow-up the adapter sends on its own. */
export function createMetricsCommand(readings: ReadingDeps): Command {
  return {
    spec: {
      name: 'metrics',
      description: 'Latest network metrics as a table, then a 7-day chart',
      option: {
        name: 'network',
        description: NETWORK_CHOICES,
        required: false,
      },
      permission: 'everyone',
      privateReply: false,
    },
    async run(event, log) {
      const word = event.text.trim();
      const network = word ? parseNetwork(word) : undefined;
      if (word && !network) return say(`Unknown network "${word}". Try ${NETWORK_CHOICES}.`);
      const overview = await buildMetricsOverview(network, readings, (error) =>
        log.warn({ err: error }, 'metrics chart could not be drawn; sending the table alone'),
      );
      return overview.chart
        ? { reply: overview.text, followUps: [overview.chart] }
        : { reply: overview.text };
    },
  };
}

/** "akash, render, filecoin, helium or hivemapper", from the network table. */
const NETWORK_CHOICES = `${NETWORKS.slice(0, -1).join(', ')} or ${NETWORKS.at(-1)}`;
