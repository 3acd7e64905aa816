import { describe, expect, it } from 'vitest';
import { normaliseAsked, normaliseQuery, normaliseText } from '../../retrieval/normalise-query.ts';

describe('normaliseText', () => {
  it('folds acronym plurals so GPUs meets GPU', () => {
    expect(normaliseText('Rent GPUs and NFTs')).toBe('Rent GPU and NFT');
  });

  it('drops the dollar sign of a ticker', () => {
    expect(normaliseText('How is $HONEY earned? And $AKT?')).toBe('How is HONEY earned? And AKT?');
  });

  it('removes zero-width and other invisible characters', () => {
    expect(normaliseText('Ak\u200Bash\u200D net\uFEFFwork\u00AD')).toBe('Akash network');
  });

  it('folds British spellings, dashes and runs of white space', () => {
    expect(normaliseText('decentralised   storage — utilisation')).toBe('decentralized storage utilization');
  });
});

describe('normaliseQuery', () => {
  it('adds "akash token" to a question about AKT, and AKT to one about the Akash token', () => {
    expect(normaliseQuery('What is AKT used for?')).toBe('what is akt used for? akash token');
    expect(normaliseQuery('Who holds the Akash token?')).toContain(' akt');
  });

  it('expands DeWi to decentralized wireless and back, British spelling included', () => {
    expect(normaliseQuery('Is Helium DeWi?')).toContain('decentralized wireless');
    expect(normaliseQuery('What is decentralised wireless?')).toContain('dewi');
  });

  it('writes out investor shorthand: TAM, FDV, NFTs', () => {
    expect(normaliseQuery('TAM for hivemapper?')).toContain('total addressable market');
    expect(normaliseQuery('whats the fdv of akt')).toContain('fully diluted valuation');
    expect(normaliseQuery('are NFTs used')).toContain('non fungible token');
  });

  it('expands a $ticker after folding it', () => {
    expect(normaliseQuery('how do I earn $HONEY')).toContain('hivemapper token');
  });

  it('adds nothing to a question without known terms', () => {
    expect(normaliseQuery('How are blocks produced?')).toBe('how are blocks produced?');
  });

  it('does not expand a term that only appears inside a longer word', () => {
    expect(normaliseQuery('is akita a token')).not.toContain('akash');
  });
});

describe('normaliseAsked', () => {
  it('removes chat filler and expands chat shorthand', () => {
    expect(normaliseAsked('gm ser pls whats the AKT take rate thx')).toBe('what the akt take rate');
  });

  it('drops judgement words, which name no topic a passage could cover', () => {
    expect(normaliseAsked('Is Render better than Akash?')).toBe('is render than akash?');
    expect(normaliseAsked('whats the diff between HNT vs MOBILE')).toBe('what the between hnt mobile');
  });

  it('adds the other spellings of a figure and its storage unit for the word index', () => {
    expect(normaliseQuery('is 8 gigs enough')).toBe('is 8 gb enough 8gb 8gib gib');
    expect(normaliseQuery('32GiB sectors')).toBe('32gib sectors 32gb 32 gib gb');
    expect(normaliseQuery('a 10gig port')).toBe('a 10 gb port 10gb 10gib gib');
  });
});
