/**
 * The one table of the networks the bot covers: what people call each network, its tokens and
 * tickers, its ids at the metric APIs, and the words that belong to it alone. Retrieval (which network
 * a question or passage is about), metrics (the catalogue and question routing) and the commands
 * (`/metrics akt`, `/subscribe rndr`) all read it, so they agree on every name.
 */
export type Network = 'akash' | 'render' | 'filecoin' | 'helium' | 'hivemapper';

export interface Token {
  /** Current ticker, lower case. */
  ticker: string;
  /** Tickers the token traded under before (RNDR became RENDER in 2023). */
  formerTickers?: string[];
  name: string;
  /** CoinGecko coin id; tokens without one are not polled. */
  coingeckoId?: string;
  /** The ticker is an everyday word ("mobile", "iot"), so alone it does not mark a text as about this network. */
  everydayWord?: boolean;
}

export interface NetworkEntry {
  id: Network;
  /** Display name. */
  name: string;
  /** Names people write for the network, lower case (multi-word names allowed). */
  names: string[];
  /** The first token is the network's own; others are tokens of its sub-networks. */
  tokens: Token[];
  /** DefiLlama protocol slug, when DefiLlama tracks the network. */
  defillamaSlug?: string;
  /** Products and terms only this network uses: they tell its passages apart. */
  terms: string[];
}

export const NETWORK_TABLE: readonly NetworkEntry[] = [
  {
    id: 'akash',
    name: 'Akash',
    names: ['akash', 'akash network'],
    tokens: [{ ticker: 'akt', name: 'Akash', coingeckoId: 'akash-network' }],
    defillamaSlug: 'akash-network',
    terms: [],
  },
  {
    id: 'render',
    name: 'Render',
    names: ['render', 'render network'],
    tokens: [{ ticker: 'render', formerTickers: ['rndr'], name: 'Render', coingeckoId: 'render-token' }],
    terms: ['rnp', 'octane', 'otoy'],
  },
  {
    id: 'filecoin',
    name: 'Filecoin',
    names: ['filecoin'],
    tokens: [{ ticker: 'fil', name: 'Filecoin', coingeckoId: 'filecoin' }],
    terms: ['ipfs'],
  },
  {
    id: 'helium',
    name: 'Helium',
    names: ['helium', 'helium network'],
    tokens: [
      { ticker: 'hnt', name: 'Helium', coingeckoId: 'helium' },
      { ticker: 'mobile', name: 'Helium Mobile', coingeckoId: 'helium-mobile', everydayWord: true },
      { ticker: 'iot', name: 'Helium IOT', everydayWord: true },
    ],
    defillamaSlug: 'helium',
    terms: ['vehnt', 'hotspot', 'hotspots'],
  },
  {
    id: 'hivemapper',
    name: 'Hivemapper',
    names: ['hivemapper'],
    tokens: [{ ticker: 'honey', name: 'Hivemapper', coingeckoId: 'hivemapper' }],
    defillamaSlug: 'hivemapper',
    terms: ['dashcam'],
  },
];

export const NETWORKS: readonly Network[] = NETWORK_TABLE.map((entry) => entry.id);

const byId = new Map(NETWORK_TABLE.map((entry) => [entry.id, entry]));

export function networkEntry(network: Network): NetworkEntry {
  return byId.get(network)!;
}

/** Every ticker a token is or was known by. */
export function tickersOf(token: Token): string[] {
  return [token.ticker, ...(token.formerTickers ?? [])];
}

/** Names and tickers (not terms) of every network, keyed without spaces or punctuation. */
const byName = new Map<string, Network>();
for (const entry of NETWORK_TABLE) {
  for (const name of [entry.id, ...entry.names, ...entry.tokens.flatMap(tickersOf)])
    byName.set(squash(name), entry.id);
}

/** A network from one word a user typed ("akt", "RNDR", "Helium"), for command arguments. */
export function parseNetwork(text: string): Network | undefined {
  return byName.get(squash(text));
}

/** Words that mark a text as about one network: names, tickers that are not everyday words, terms. */
const markers = new Map<string, Network>();
for (const entry of NETWORK_TABLE) {
  const tickers = entry.tokens.filter((token) => !token.everydayWord).flatMap(tickersOf);
  for (const word of [...entry.names.filter((name) => !name.includes(' ')), ...tickers, ...entry.terms])
    markers.set(word, entry.id);
}

/** The network one lower-case word names (a name, a ticker that is not an everyday word, a term). */
export function networkNamedBy(word: string): Network | undefined {
  return markers.get(word);
}

/** Networks a text names (by name, ticker or a term of its own, as whole words). */
export function networksIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const network = markers.get(word);
    if (network) found.add(network);
  }
  return found;
}

function squash(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}
