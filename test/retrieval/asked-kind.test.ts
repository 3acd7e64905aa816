import { describe, expect, it } from 'vitest';
import { askedKind, carriesKind } from '../../retrieval/asked-kind.ts';

describe('askedKind', () => {
  it('reads what a question asks for', () => {
    expect(askedKind('how much was the og dashcam')).toBe('amount');
    expect(askedKind('when did render move to solana')).toBe('date');
    expect(askedKind('what is render')).toBe('definition');
    expect(askedKind('why does akash want tee attestation')).toBe('reason');
    expect(askedKind('how do providers get paid')).toBe('other');
    expect(askedKind('whats the min deposit for an akash deployment')).toBe('amount');
    // Why a limit is what it is asks for a reason.
    expect(askedKind('why is the rndr max supply such a random number')).toBe('reason');
  });

  it('reads "what happens when" as a consequence, not a date', () => {
    expect(askedKind('what happens when the escrow runs dry')).toBe('condition');
    expect(askedKind('what if solana goes down mid job')).toBe('condition');
    expect(askedKind('do i get slashed if my node goes offline')).toBe('condition');
    // A figure asked under a condition is still a figure.
    expect(askedKind('how much do i earn if i stake 100 hnt')).toBe('amount');
  });

  it('reads a question about a price or a cost as one about money', () => {
    expect(askedKind('og RNDR token sale - what price per token')).toBe('money');
    expect(askedKind('how much does the bee cost')).toBe('money');
    expect(askedKind('how much is that in actual $ now')).toBe('money');
    // A figure in tokens or units is an amount, not money.
    expect(askedKind('how much HNT can get re-minted per day')).toBe('amount');
    expect(askedKind('how many gpus are free on akash')).toBe('amount');
  });

  it('reads a definition asked after a chat opening', () => {
    expect(askedKind('noob q but what even is a consensus protocol')).toBe('definition');
    expect(askedKind('wait whats a sector')).toBe('definition');
    expect(askedKind('wait what happens to a sector')).toBe('condition');
  });
});

describe('carriesKind', () => {
  it('takes a glossary entry for a definition', () => {
    expect(carriesKind('- **Consensus Protocols** - A set of rules for agreement.', 'definition')).toBe(true);
    expect(
      carriesKind('- [**Blockchain**](https://example.org/guide) -\n  A shared ledger.', 'definition'),
    ).toBe(true);
    expect(carriesKind('- Providers bid on orders every block.', 'definition')).toBe(false);
  });

  it('finds a reason and a condition in a sentence', () => {
    expect(carriesKind('Smaller payloads mean faster uploads because less data is sent.', 'reason')).toBe(
      true,
    );
    expect(carriesKind('This number was derived from an analysis of demand.', 'reason')).toBe(true);
    expect(carriesKind('Render Network is a marketplace for GPU power.', 'reason')).toBe(false);
    expect(carriesKind('If those are insufficient, it draws from the available balance.', 'condition')).toBe(
      true,
    );
    expect(carriesKind('The fee is deducted at the end of each deadline.', 'condition')).toBe(false);
  });

  it('does not take the number of a proposal or a release for a figure', () => {
    expect(
      carriesKind('Since CBRS rewards were limited by HIP 113, fewer radios are online.', 'amount'),
    ).toBe(false);
    expect(carriesKind('AEP-26 and RNP-019 were approved; see #1127 and mainnet 8.', 'amount')).toBe(false);
    expect(carriesKind('About 4,000 CBRS radios are online, since HIP 113.', 'amount')).toBe(true);
    expect(carriesKind('The sale price was $0.25 per token.', 'money')).toBe(true);
  });

  it('does not take "one" for a figure', () => {
    expect(carriesKind('The chance that any one of them earns the reward returns to equal.', 'amount')).toBe(
      false,
    );
    expect(carriesKind('Providers stake two tokens for 30 days.', 'amount')).toBe(true);
    // A number word counts with a unit after it, not on its own.
    expect(carriesKind('There are two main reasons to do it.', 'amount')).toBe(false);
    expect(carriesKind('Rewards are paid every two weeks.', 'amount')).toBe(true);
  });
});
