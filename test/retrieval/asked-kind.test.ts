import { describe, expect, it } from 'vitest';
import { askedKind, carriesKind } from '../../retrieval/asked-kind.ts';

describe('askedKind', () => {
  it('reads what a question asks for', () => {
    expect(askedKind('how much was the og dashcam')).toBe('amount');
    expect(askedKind('when did render move to solana')).toBe('date');
    expect(askedKind('what is render')).toBe('definition');
    expect(askedKind('why does akash want tee attestation')).toBe('reason');
    expect(askedKind('how do providers get paid')).toBe('other');
  });

  it('reads "what happens when" as a consequence, not a date', () => {
    expect(askedKind('what happens when the escrow runs dry')).toBe('condition');
    expect(askedKind('what if solana goes down mid job')).toBe('condition');
    expect(askedKind('do i get slashed if my node goes offline')).toBe('condition');
    // A figure asked under a condition is still a figure.
    expect(askedKind('how much do i earn if i stake 100 hnt')).toBe('amount');
  });
});

describe('carriesKind', () => {
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

  it('does not take "one" for a figure', () => {
    expect(carriesKind('The chance that any one of them earns the reward returns to equal.', 'amount')).toBe(
      false,
    );
    expect(carriesKind('Providers stake two tokens for 30 days.', 'amount')).toBe(true);
  });
});
