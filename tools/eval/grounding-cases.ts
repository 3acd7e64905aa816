/**
 * Canned generated sentences over the bundled documents, for measuring the grounding thresholds.
 * Good ones restate their passage in other words (as a model does); bad ones are the claims a model
 * makes up about the same topic, citing the same passage. Written from the documents, not tuned to
 * the scores.
 */
export interface SupportCase {
  doc: string;
  section: string;
  sentence: string;
  good: boolean;
}

export const SUPPORT_CASES: SupportCase[] = [
  // Restatements of the passage.
  {
    doc: 'akash.md',
    section: 'How the marketplace works',
    good: true,
    sentence:
      'Akash uses a reverse auction: providers bid on the order a tenant submits, and the tenant accepts a bid [1].',
  },
  {
    doc: 'akash.md',
    section: 'How the marketplace works',
    good: true,
    sentence:
      'The tenant funds an escrow deposit and the provider withdraws what it is owed from it over time [1].',
  },
  {
    doc: 'akash.md',
    section: 'How the marketplace works',
    good: true,
    sentence: 'A lease is priced per block, and either side can end it at any time [1].',
  },
  {
    doc: 'akash.md',
    section: 'GPU support',
    good: true,
    sentence:
      'GPU rentals came with the Mainnet 6 upgrade in August 2023, starting with NVIDIA cards such as the A100 and H100 [1].',
  },
  {
    doc: 'akash.md',
    section: 'What AKT is used for',
    good: true,
    sentence: 'Validators and delegators stake AKT to secure the network and earn staking rewards [1].',
  },
  {
    doc: 'filecoin.md',
    section: 'Proofs',
    good: true,
    sentence:
      'Proof of Replication is done once, when data is sealed, and shows the provider made a unique copy [1].',
  },
  {
    doc: 'filecoin.md',
    section: 'Proofs',
    good: true,
    sentence:
      'With Proof of Spacetime, providers keep proving over time that the sealed data is still held [1].',
  },
  {
    doc: 'filecoin.md',
    section: 'Storage providers',
    good: true,
    sentence:
      'Providers lock FIL as collateral, and part of it is slashed if they miss proofs or take storage offline [1].',
  },
  {
    doc: 'filecoin.md',
    section: 'The FIL token',
    good: true,
    sentence: 'At most 2 billion FIL can ever circulate, and fees and penalties destroy some of it [1].',
  },
  {
    doc: 'render.md',
    section: 'Burn-and-mint equilibrium',
    good: true,
    sentence: 'Render jobs are priced in US dollars, and after a 5% fee the RENDER paid is burned [1].',
  },
  {
    doc: 'render.md',
    section: 'Burn-and-mint equilibrium',
    good: true,
    sentence:
      'New RENDER is minted on a published schedule and shared among node operators for their work [1].',
  },
  {
    doc: 'render.md',
    section: 'The RENDER token',
    good: true,
    sentence: 'The token moved from Ethereum to Solana, and holders can upgrade RNDR to RENDER [1].',
  },
  {
    doc: 'helium.md',
    section: 'Tokens and mechanisms',
    good: true,
    sentence: 'Data Credits are fixed at $0.00001 each and can only be created by burning HNT [1].',
  },
  {
    doc: 'helium.md',
    section: 'Tokens and mechanisms',
    good: true,
    sentence: 'HNT issuance halves every two years, capping supply at roughly 223 million [1].',
  },
  {
    doc: 'helium.md',
    section: 'Passive rewards',
    good: true,
    sentence: 'Hotspot rewards are not guaranteed: they depend on real demand and on location [1].',
  },
  {
    doc: 'hivemapper.md',
    section: 'How people contribute',
    good: true,
    sentence: 'Contributors mount a dashcam in their car and earn HONEY for the roads they map [1].',
  },
  // Made-up claims on the same topic, citing the same passage.
  {
    doc: 'akash.md',
    section: 'How the marketplace works',
    good: false,
    sentence: 'Providers are paid in AKT or USDC per block [1].',
  },
  {
    doc: 'akash.md',
    section: 'How the marketplace works',
    good: false,
    sentence: 'Akash validators approve each lease after checking the hardware of the provider [1].',
  },
  {
    doc: 'akash.md',
    section: 'How the marketplace works',
    good: false,
    sentence: 'Tenants pay a monthly subscription that includes free bandwidth and support [1].',
  },
  {
    doc: 'akash.md',
    section: 'GPU support',
    good: false,
    sentence:
      'Akash also supports AMD and Intel accelerators through a partnership with major cloud vendors [1].',
  },
  {
    doc: 'akash.md',
    section: 'What AKT is used for',
    good: false,
    sentence: 'Holding AKT in a wallet earns passive airdrops from partner networks [1].',
  },
  {
    doc: 'filecoin.md',
    section: 'Proofs',
    good: false,
    sentence: 'Proof of Replication lets miners earn rewards by relaying video streams to mobile phones [1].',
  },
  {
    doc: 'filecoin.md',
    section: 'Proofs',
    good: false,
    sentence: 'Clients can delete their files at any moment and receive a refund from the foundation [1].',
  },
  {
    doc: 'filecoin.md',
    section: 'Storage providers',
    good: false,
    sentence: 'Storage providers need approval from the Filecoin Foundation before they can join [1].',
  },
  {
    doc: 'filecoin.md',
    section: 'The FIL token',
    good: false,
    sentence: 'FIL holders receive a share of every retrieval payment as a weekly dividend [1].',
  },
  {
    doc: 'render.md',
    section: 'Burn-and-mint equilibrium',
    good: false,
    sentence: 'Render refunds unused credits to creators at the end of each quarter [1].',
  },
  {
    doc: 'render.md',
    section: 'Burn-and-mint equilibrium',
    good: false,
    sentence: 'Node operators set their own hourly prices and keep the whole payment [1].',
  },
  {
    doc: 'render.md',
    section: 'The RENDER token',
    good: false,
    sentence: 'The token was airdropped to early gamers who tested the network on consoles [1].',
  },
  {
    doc: 'helium.md',
    section: 'Tokens and mechanisms',
    good: false,
    sentence: 'Mobile subscribers receive cashback in tokens for every gigabyte they use abroad [1].',
  },
  {
    doc: 'helium.md',
    section: 'Tokens and mechanisms',
    good: false,
    sentence: 'Data Credits can be traded freely on exchanges and lent out for interest [1].',
  },
  {
    doc: 'helium.md',
    section: 'Passive rewards',
    good: false,
    sentence: 'Telecom carriers insure hotspot owners against hardware theft and outages [1].',
  },
  {
    doc: 'hivemapper.md',
    section: 'How people contribute',
    good: false,
    sentence: 'Drivers are paid in dollars by insurance companies for reporting accidents [1].',
  },
];

/** A question, the passage a generated answer cited, and whether that passage is about the question. */
export interface CoverageCase {
  question: string;
  doc: string;
  section: string;
  answer: string;
  onTopic: boolean;
}

export const COVERAGE_CASES: CoverageCase[] = [
  {
    question: 'How do providers on Akash get paid for leases?',
    doc: 'akash.md',
    section: 'How the marketplace works',
    onTopic: true,
    answer:
      'The tenant funds an escrow deposit and the provider withdraws what it is owed from it over time [1].',
  },
  {
    question: 'What is Proof of Replication on Filecoin?',
    doc: 'filecoin.md',
    section: 'Proofs',
    onTopic: true,
    answer:
      'Proof of Replication is done once, when data is sealed, and shows the provider made a unique copy [1].',
  },
  {
    question: 'how does render burn tokens',
    doc: 'render.md',
    section: 'Burn-and-mint equilibrium',
    onTopic: true,
    answer: 'Render jobs are priced in US dollars, and after a 5% fee the RENDER paid is burned [1].',
  },
  {
    question: 'what are data credits on helium?',
    doc: 'helium.md',
    section: 'Tokens and mechanisms',
    onTopic: true,
    answer: 'Data Credits are fixed at $0.00001 each and can only be created by burning HNT [1].',
  },
  {
    question: 'are hotspot rewards guaranteed?',
    doc: 'helium.md',
    section: 'Passive rewards',
    onTopic: true,
    answer: 'Hotspot rewards are not guaranteed: they depend on real demand and on location [1].',
  },
  {
    question: 'which gpus can i rent on akash',
    doc: 'akash.md',
    section: 'GPU support',
    onTopic: true,
    answer:
      'Support started with NVIDIA cards such as the A100 and H100 and consumer 30-series and 40-series cards [1].',
  },
  {
    question: 'what is the max supply of FIL',
    doc: 'filecoin.md',
    section: 'The FIL token',
    onTopic: true,
    answer: 'At most 2 billion FIL can ever circulate [1].',
  },
  {
    question: 'how do hivemapper contributors earn honey',
    doc: 'hivemapper.md',
    section: 'How people contribute',
    onTopic: true,
    answer: 'Contributors mount a dashcam and earn HONEY for the roads they map [1].',
  },
  // The case: an answer about Akash for a question about Filecoin.
  {
    question: 'What is Proof of Replication on Filecoin?',
    doc: 'akash.md',
    section: 'How the marketplace works',
    onTopic: false,
    answer: 'Akash runs a reverse auction in which providers bid for leases [1].',
  },
  {
    question: 'How does Render burn-and-mint work?',
    doc: 'helium.md',
    section: 'Tokens and mechanisms',
    onTopic: false,
    answer: 'Usage burns HNT to create Data Credits while new HNT is minted on a schedule [1].',
  },
  {
    question: 'what is slashing for filecoin storage providers',
    doc: 'akash.md',
    section: 'What AKT is used for',
    onTopic: false,
    answer: 'Validators and delegators stake AKT to secure the network and earn staking rewards [1].',
  },
  {
    question: 'how much does the hivemapper dashcam cost',
    doc: 'render.md',
    section: 'The RENDER token',
    onTopic: false,
    answer: 'Holders can upgrade RNDR to RENDER with a tool [1].',
  },
  {
    question: 'what is veHNT voting power',
    doc: 'filecoin.md',
    section: 'Storage deals',
    onTopic: false,
    answer: 'Deals that use DataCap raise a provider weight in the network [1].',
  },
  {
    question: 'when did akash add gpu support',
    doc: 'filecoin.md',
    section: 'Proofs',
    onTopic: false,
    answer: 'Proof of Spacetime is repeated over time to show sealed data is still held [1].',
  },
  // Off topic with no network named, so only the words of the question can tell.
  {
    question: 'what is slashing',
    doc: 'render.md',
    section: 'The RENDER token',
    onTopic: false,
    answer: 'RENDER is used to pay for rendering and compute jobs and to reward node operators [1].',
  },
  {
    question: 'how are hotspot owners rewarded',
    doc: 'filecoin.md',
    section: 'Proofs',
    onTopic: false,
    answer: 'Proof of Spacetime is repeated over time to show sealed data is still held [1].',
  },
  {
    question: 'what happens when a deposit runs dry',
    doc: 'hivemapper.md',
    section: 'How people contribute',
    onTopic: false,
    answer: 'Imagery must pass quality rules or it earns nothing [1].',
  },
  {
    question: 'who reviews map images',
    doc: 'akash.md',
    section: 'GPU support',
    onTopic: false,
    answer: 'GPU rentals arrived with the Mainnet 6 upgrade [1].',
  },
  {
    question: 'what is a data credit worth',
    doc: 'render.md',
    section: 'Burn-and-mint equilibrium',
    onTopic: false,
    answer: 'Jobs are priced in US dollars and the RENDER paid is burned after a 5% fee [1].',
  },
  {
    question: 'how long can you lock tokens for voting',
    doc: 'filecoin.md',
    section: 'Storage deals',
    onTopic: false,
    answer: 'Data is packed into sectors of 32 GiB or 64 GiB and then sealed [1].',
  },
];
