/** The networks the bot covers, with the names and tickers people use for each. */
export const NETWORK_NAMES: Record<string, string[]> = {
  akash: ['akash', 'akt'],
  render: ['render', 'rndr', 'rnp', 'octane', 'otoy'],
  filecoin: ['filecoin', 'fil', 'ipfs'],
  helium: ['helium', 'hnt', 'vehnt', 'hotspot', 'hotspots'],
  hivemapper: ['hivemapper', 'honey', 'dashcam'],
};

/** Networks a text names (by name or ticker, as whole words). */
export function networksIn(text: string): Set<string> {
  const words = new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? []);
  const found = new Set<string>();
  for (const [network, names] of Object.entries(NETWORK_NAMES)) {
    if (names.some((name) => words.has(name))) found.add(network);
  }
  return found;
}
