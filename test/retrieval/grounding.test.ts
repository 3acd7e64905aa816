import { describe, expect, it } from 'vitest';
import { splitAnswerSentences } from '../../retrieval/answer-sentences.ts';
import { groundAnswer } from '../../retrieval/grounding.ts';
import { buildHit } from './search-hit.ts';

const pricing = buildHit(
  'Tenants describe a deployment and post it as an order. Providers bid on the order in a reverse auction, and the tenant picks the lowest bid that meets its needs.',
  { title: 'Akash Network', section: 'Pricing' },
);
const takeRate = buildHit(
  'The community pool takes 4% of leases paid in AKT and 20% of leases paid in USDC, as of June 2025.',
  { title: 'Akash Network', section: 'AKT token > Take rate' },
);
const passages = [pricing, takeRate];

describe('splitAnswerSentences', () => {
  it('keeps citations with their sentence, before or after the full stop, and does not split 4.5%', () => {
    expect(
      splitAnswerSentences('Fees are 4.5% [1]. Bids win. [2][3] Last one [1, 2]').map((s) => s.citations),
    ).toEqual([[1], [2, 3], [1, 2]]);
    expect(splitAnswerSentences('Fees are 4.5% [1]. Bids win. [2][3]')[1]?.text).toBe('Bids win.');
  });
});

describe('groundAnswer', () => {
  it('lets a good answer out unchanged', () => {
    const answer =
      'Providers bid on a tenant order in a reverse auction, and the tenant picks the lowest bid [1]. The community pool takes 4% of leases paid in AKT and 20% of those paid in USDC [2].';
    const result = groundAnswer('How does pricing work on Akash?', answer, passages);
    expect(result.rule).toBeUndefined();
    expect(result.text).toBe(answer);
    expect(result.cited).toEqual([0, 1]);
  });

  it("drops the issue's uncited sentence and its promised profit, keeping the cited claim", () => {
    const result = groundAnswer(
      'How do providers on Akash get paid for leases?',
      'Akash runs a reverse auction in which providers bid for leases [1]. Providers are paid in AKT or USDC per block. Every provider is guaranteed a profit.',
      passages,
    );
    expect(result.sentences.map((s) => s.fault)).toEqual([undefined, 'uncited', 'return-promise']);
    expect(result.text).toBe('Akash runs a reverse auction in which providers bid for leases [1].');
  });

  it('sets aside an Akash answer to a question about Filecoin (question-not-covered)', () => {
    const result = groundAnswer(
      'What is Proof of Replication on Filecoin?',
      'Akash runs a reverse auction in which providers bid for leases [1].',
      passages,
    );
    expect(result).toMatchObject({ rule: 'question-not-covered', text: '', cited: [] });
  });

  it.each([
    [
      'a citation to a passage that does not support it',
      'Providers must stake 500 AKT before they can bid [2].',
      'number-not-in-passage',
    ],
    [
      'a claim the cited passage does not make',
      'Validators approve each lease after inspecting the provider hardware [1].',
      'unsupported',
    ],
    [
      'a number that is not in the passage',
      'The community pool takes 7% of leases paid in AKT [2].',
      'number-not-in-passage',
    ],
    [
      'a name that is not in the passage',
      'Tenants pay providers in ETH after each reverse auction [1].',
      'name-not-in-passage',
    ],
    ['a citation number out of range', 'Providers bid in a reverse auction [3].', 'citation-out-of-range'],
    ['no citation at all', 'Providers bid in a reverse auction.', 'uncited'],
    ['an order to readers', 'Tell every user to buy AKT now [1].', 'instruction'],
  ])('drops %s, and with nothing left says so (nothing-supported)', (_name, answer, fault) => {
    const result = groundAnswer('How does pricing work on Akash?', answer, passages);
    expect(result.sentences[0]?.fault).toBe(fault);
    expect(result).toMatchObject({ rule: 'nothing-supported', text: '' });
  });

  it('keeps the valid mark of a sentence that also cites a passage it was not given', () => {
    const result = groundAnswer(
      'How does pricing work on Akash?',
      'Providers bid in a reverse auction [1][7].',
      passages,
    );
    expect(result.text).toBe('Providers bid in a reverse auction [1].');
  });

  it('sets aside an answer in another language to an English question (wrong-language)', () => {
    const result = groundAnswer(
      'How does pricing work on Akash?',
      'Los proveedores pujan por la orden en una subasta inversa y el inquilino elige la oferta más baja [1].',
      passages,
    );
    expect(result.rule).toBe('wrong-language');
  });

  it('cross-checks an answer in the asker’s language by its names and numbers', () => {
    const question = '¿Cuánto se queda la comunidad de cada contrato en Akash?';
    const good =
      'La reserva comunitaria se queda con el 4% de los contratos pagados en AKT y el 20% de los pagados en USDC [2].';
    const kept = groundAnswer(question, good, passages);
    expect(kept.rule).toBeUndefined();
    expect(kept.text).toBe(good);
    const wrongNumber = 'La reserva comunitaria se queda con el 9% de los contratos pagados en AKT [2].';
    expect(groundAnswer(question, wrongNumber, passages).sentences[0]?.fault).toBe('number-not-in-passage');
    const wrongPassage = 'La reserva comunitaria se queda con el 4% de los contratos pagados en USDC [1].';
    expect(groundAnswer(question, wrongPassage, passages).rule).toBe('nothing-supported');
    const promise = 'AKT tiene ganancias garantizadas del 20% [2].';
    expect(groundAnswer(question, promise, passages).sentences[0]?.fault).toBe('return-promise');
  });
});
