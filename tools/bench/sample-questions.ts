/** Investor-FAQ questions the bundled knowledge answers: for benchmarks that need no eval set. */
export const SAMPLE_QUESTIONS: readonly string[] = [
  'How does Akash price GPU leases?',
  'What is Proof of Coverage on Helium?',
  'What is DePIN?',
  'How does Render pay node operators?',
  'How does Filecoin storage proving work?',
  'How do Hivemapper contributors earn rewards?',
];
