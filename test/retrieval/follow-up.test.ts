import { describe, expect, it } from 'vitest';
import { chooseReading, followUpReadings, switchNetwork } from '../../retrieval/follow-up.ts';

const akash = [{ question: 'How does Akash pay providers?' }];

describe('followUpReadings', () => {
  it('reads a turn that only names another network as the earlier question about that network', () => {
    // It asks nothing of its own, so it has no stand-alone reading.
    expect(followUpReadings('and render?', akash)).toEqual([
      { question: 'How does render pay providers?', kind: 'switch' },
    ]);
    expect(followUpReadings('same q for filecoin', akash)).toEqual([
      { question: 'How does filecoin pay providers?', kind: 'switch' },
    ]);
  });

  it('switches to the name the user wrote: a ticker stays a ticker', () => {
    expect(followUpReadings('and for akt?', [{ question: 'whats the smallest unit of FIL?' }])).toEqual([
      { question: 'whats the smallest unit of akt?', kind: 'switch' },
    ]);
    // A network named by a term of its own is asked about by its name.
    expect(followUpReadings('and octane?', akash)[0]?.question).toBe('How does render pay providers?');
  });

  it('keeps both readings of a switch that asks something of its own', () => {
    const readings = followUpReadings('and render fees?', akash);
    expect(readings.map((reading) => reading.kind)).toEqual(['alone', 'switch']);
  });

  it('reads a turn that asks nothing but "why?" only with the earlier subject', () => {
    const readings = followUpReadings('why?', akash);
    expect(readings).toHaveLength(1);
    expect(readings[0]?.kind).toBe('context');
    expect(readings[0]?.question).toMatch(/^why\? .*akash/i);
  });

  it('reads a turn that announces a new subject on its own, without the announcement', () => {
    for (const opening of ['unrelated, but', 'diff q:', 'ok different topic -', 'totally off topic but'])
      expect(followUpReadings(`${opening} what is a tipset?`, akash)).toEqual([
        { question: 'what is a tipset?', kind: 'alone' },
      ]);
    // A word like "different" elsewhere in the turn announces nothing.
    expect(followUpReadings('is it different on render?', akash)).toHaveLength(2);
  });

  it('reads a term asked in its own words on its own, and one that points back with the subject', () => {
    expect(followUpReadings('wait whats a sector', akash)).toEqual([
      { question: 'wait whats a sector', kind: 'alone' },
    ]);
    expect(followUpReadings('what does that acronym stand for', akash).map((r) => r.kind)).toContain(
      'context',
    );
  });

  it("swaps a token for another of the same network's ('sorry i meant the IOT one')", () => {
    const mobile = [{ question: 'how much HNT are my MOBILE tokens worth' }];
    expect(followUpReadings('sorry no i meant the IOT one', mobile)).toContainEqual({
      question: 'how much HNT are my iot tokens worth',
      kind: 'switch',
    });
    // The network's own token replaces a sub-network's.
    expect(followUpReadings('what about hnt', [{ question: 'how are iot rewards split' }])).toEqual([
      { question: 'how are hnt rewards split', kind: 'switch' },
    ]);
  });

  it('reads a pronoun or an ellipsis with the earlier subject', () => {
    const [, context] = followUpReadings('is it paid per block?', akash);
    expect(context?.kind).toBe('context');
    expect(context?.question).toMatch(/^is it paid per block\? .*akash.*pay.*providers/i);
  });

  it('borrows the earlier subject but not the earlier network when the turn names another', () => {
    const [, context] = followUpReadings('and render node operators, how often do they get paid', [
      { question: 'what time do helium hotspot rewards come in each day' },
    ]);
    expect(context?.kind).toBe('context');
    expect(context?.question).toMatch(/rewards/);
    expect(context?.question).not.toMatch(/helium|hotspot/);
  });

  it('keeps the conversation on its network until a turn names another', () => {
    const history = [
      { question: 'can i run an akash validator at home' },
      { question: 'sorry no i meant a provider, renting out my gpu' },
    ];
    const [, context] = followUpReadings('is it live yet', history);
    expect(context?.question).toMatch(/provider.*akash/);
    const [, switched] = followUpReadings('is it live yet', [...history, { question: 'what about render' }]);
    expect(switched?.question).not.toMatch(/akash/);
  });

  it('carries a network switch through several turns', () => {
    const history = [
      { question: 'whos allowed to propose changes to helium' },
      { question: 'same q for filecoin' },
    ];
    expect(followUpReadings('and render?', history)[0]?.question).toBe(
      'whos allowed to propose changes to render',
    );
  });

  it('switches the last question as asked, not every subject word the turns before it carried', () => {
    const history = [
      { question: 'what time do helium hotspot rewards come in each day' },
      { question: 'do they show up in my wallet automatically' },
      { question: 'and render node operators, how often do they get paid' },
    ];
    expect(followUpReadings('same q for akash', history)).toEqual([
      { question: 'and akash node operators, how often do they get paid', kind: 'switch' },
    ]);
  });

  it('reads a turn that says it repeats the question only as the switch, even with a word of its own', () => {
    expect(followUpReadings('same question for render providers', akash)).toEqual([
      { question: 'How does render pay providers?', kind: 'switch' },
    ]);
  });

  it('has only the stand-alone reading without history', () => {
    expect(followUpReadings('what does DePIN stand for?', [])).toEqual([
      { question: 'what does DePIN stand for?', kind: 'alone' },
    ]);
  });

  it('replaces a ticker too, and appends the network when the question named none', () => {
    expect(switchNetwork('whats the smallest unit of FIL', new Set(['akash']))).toBe(
      'whats the smallest unit of akash',
    );
    expect(switchNetwork('how are votes counted', new Set(['helium']))).toBe('how are votes counted helium');
  });
});

describe('chooseReading', () => {
  const option = (kind: 'alone' | 'switch' | 'context', support: number) => ({
    reading: { question: kind, kind },
    support,
    value: kind,
  });

  it('answers a stand-alone topic change after an Akash question on its own', () => {
    const chosen = chooseReading('what does DePIN stand for?', [
      option('alone', 1.6),
      option('context', 1.4),
    ]);
    expect(chosen.value).toBe('alone');
  });

  it('keeps the context for a turn that points back when the evidence is close', () => {
    const chosen = chooseReading('is it burned?', [option('alone', 1.1), option('context', 1.0)]);
    expect(chosen.value).toBe('context');
  });

  it('keeps a stand-alone reading that the evidence supports much better, pronoun or not', () => {
    const chosen = chooseReading('what is it, a tipset?', [option('alone', 2), option('context', 0.9)]);
    expect(chosen.value).toBe('alone');
  });

  it('prefers the network switch', () => {
    expect(chooseReading('and render?', [option('alone', 1.2), option('switch', 1)]).value).toBe('switch');
  });
});
