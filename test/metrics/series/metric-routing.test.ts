import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../metrics/series/catalogue.ts';
import { findMetric, suggestMetrics } from '../../../metrics/series/metric-names.ts';
import { routeQuestion } from '../../../metrics/series/metric-router.ts';
import { buildChartSvg, renderPng } from '../../../metrics/series/chart.ts';
import { formatChange, formatUsd, formatValue } from '../../../metrics/series/format.ts';

const ids = (question: string) => routeQuestion(question).map((metric) => metric.id);

describe('metric catalogue', () => {
  it('has at least 15 metrics including the API-NOTES §7 ids as written', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(15);
    for (const id of [
      'akash.gpu.available',
      'akash.leases.active',
      'akash.providers.active',
      'akash.gpu.total',
      'akash.gpu.leased',
      'akash.gpu.utilization_pct',
      'akash.spend.usd_24h',
      'akash.cpu.leased',
      'token.price_usd{akash-network}',
      'defi.fees.usd_24h{akash-network}',
    ]) {
      expect(findMetric(id)?.id).toBe(id);
    }
    expect(new Set(CATALOGUE.map((metric) => metric.id)).size).toBe(CATALOGUE.length);
  });

  it('finds friendly names people type', () => {
    expect(findMetric('AKT price')?.id).toBe('token.price_usd{akash-network}');
    expect(findMetric('akash gpus')?.id).toBe('akash.gpu.total');
    expect(findMetric('Render price')?.id).toBe('token.price_usd{render-token}');
  });

  it('suggests close names on a typo', () => {
    expect(findMetric('akash.gpu.availble')).toBeUndefined();
    expect(suggestMetrics('akash.gpu.availble')[0]).toBe('akash.gpu.available');
    expect(suggestMetrics('akt prise')).toContain('akt price');
    expect(suggestMetrics('zzzzzzzzzzzzzzzzzzzz')).toEqual([]);
  });
});

describe('numeric question routing', () => {
  it('routes the questions investors ask to the right metrics', () => {
    expect(ids('How many GPUs are on Akash right now?')).toEqual(['akash.gpu.total']);
    expect(ids('AKT price')).toEqual(['token.price_usd{akash-network}']);
    expect(ids('Akash revenue this month')).toEqual(['defi.revenue.usd_30d{akash-network}']);
    expect(ids('how many active leases does akash have')).toEqual(['akash.leases.active']);
    expect(ids('What is the GPU utilization on Akash?')).toEqual(['akash.gpu.utilization_pct']);
  });

  it('compares networks on the figures both have', () => {
    expect(ids('compare Render and Akash')).toEqual([
      'token.price_usd{render-token}',
      'token.price_usd{akash-network}',
      'token.market_cap_usd{render-token}',
      'token.market_cap_usd{akash-network}',
      'defi.revenue.usd_24h{akash-network}',
    ]);
  });

  it('leaves questions that are not about a number to the documents', () => {
    expect(ids('What is Akash?')).toEqual([]);
    expect(ids('What is AKT used for?')).toEqual([]);
    expect(ids('What are the biggest risks of investing in DePIN?')).toEqual([]);
    expect(ids('How do passive rewards work?')).toEqual([]);
  });
});

describe('formatting and charts', () => {
  it('formats values in their units', () => {
    expect(formatValue(247, 'gpus')).toBe('247 GPUs');
    expect(formatUsd(1_780_000_000)).toBe('$1.78B');
    expect(formatUsd(0.00045)).toBe('$0.00045');
    expect(formatValue(0.856, 'usd_per_gpu_hour')).toBe('$0.86/GPU-hour');
    expect(formatChange(-2.54)).toBe('−2.5 %');
    expect(formatChange(undefined)).toBe('n/a');
  });

  it('escapes labels in the SVG and renders a PNG in-process', () => {
    const points = [0, 1, 2].map((hour) => ({ at: new Date(hour * 3_600_000), value: 10 + hour }));
    const svg = buildChartSvg({
      title: 'A <b>&</b> chart',
      panels: [{ title: 'x"y', points, format: String }],
    });
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('A &#60;b&#62;&#38;&#60;/b&#62; chart');
    const png = renderPng(svg);
    expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.length).toBeGreaterThan(500);
  });
});

describe('metric routing by scoring every catalogue metric', () => {
  it('answers the examples of issue 8 with the metric asked for', () => {
    // Past bug: the first alias that matched ("gpus") won, so available GPUs got the total.
    expect(ids('how many GPUs are available on Akash right now?')).toEqual(['akash.gpu.available']);
    expect(ids('RNDR price pls')).toEqual(['token.price_usd{render-token}']);
    expect(ids('how much akt was there at genesis')).toEqual([]);
    expect(ids('compare render and akash for ai inference')).toEqual([]);
  });

  it('reads general synonyms: free/idle, rented/in use, deployments, mcap, monthly, per day', () => {
    expect(ids('how many gpus are idle on akash atm')).toEqual(['akash.gpu.available']);
    expect(ids('akash gpus in use rn')).toEqual(['akash.gpu.leased']);
    expect(ids('rented gpus on akash')).toEqual(['akash.gpu.leased']);
    expect(ids('number of akash deployments')).toEqual(['akash.leases.active']);
    expect(ids('akash new deployments today')).toEqual(['akash.leases.new_24h']);
    expect(ids('hnt mcap')).toEqual(['token.market_cap_usd{helium}']);
    expect(ids('render network market capitalization')).toEqual(['token.market_cap_usd{render-token}']);
    expect(ids('akash monthly revenue')).toEqual(['defi.revenue.usd_30d{akash-network}']);
    expect(ids('hivemapper revenue per day')).toEqual(['defi.revenue.usd_24h{hivemapper}']);
    expect(ids('what does an h100 cost per hour on akash')).toEqual(['akash.gpu.price_usd_hr']);
    expect(ids('whats akt trading at')).toEqual(['token.price_usd{akash-network}']);
    expect(ids('how much is hnt')).toEqual(['token.price_usd{helium}']);
    expect(ids('hnt usd?')).toEqual(['token.price_usd{helium}']);
  });

  it('reads chat phrasings: a misspelt concept, "whats fil at", "going rate", "how expensive", "mkt cap"', () => {
    expect(ids('akash gpus availble?')).toEqual(['akash.gpu.available']);
    expect(ids('yo whats fil at')).toEqual(['token.price_usd{filecoin}']);
    expect(ids('where is hnt at rn')).toEqual(['token.price_usd{helium}']);
    expect(ids('whats the going rate for a gpu on akash')).toEqual(['akash.gpu.price_usd_hr']);
    expect(ids('how expensive are akash gpus')).toEqual(['akash.gpu.price_usd_hr']);
    expect(ids('render token mkt cap?')).toEqual(['token.market_cap_usd{render-token}']);
    expect(ids('how many gpus can i rent on akash right now')).toEqual(['akash.gpu.available']);
    expect(ids('is the akash gpu supply growing')).toEqual(['akash.gpu.total']);
    expect(ids('total akt spent on akash today')).toEqual(['akash.spend.akt_24h']);
    expect(ids('how busy is the akash gpu market right now')).toEqual(['akash.gpu.utilization_pct']);
  });

  it('gives no figure for what a word means or for who or what sets a figure', () => {
    expect(ids('what does utilization mean for akash providers')).toEqual([]);
    expect(ids('who sets the price of gpus on akash')).toEqual([]);
    expect(ids('can akash providers choose their own gpu price')).toEqual([]);
    // "least" is one letter from "lease" but no misspelling of it.
    expect(ids('at least how many gpus does akash have')).toEqual(['akash.gpu.total']);
  });

  it('reads a share or a percentage of GPUs in use as the utilisation, a count as the leased GPUs', () => {
    expect(ids('what % of akash gpus are in use')).toEqual(['akash.gpu.utilization_pct']);
    expect(ids('what share of akash gpus are rented')).toEqual(['akash.gpu.utilization_pct']);
    expect(ids('how many gpus are leased on akash')).toEqual(['akash.gpu.leased']);
  });

  it('tells a token price from a GPU price, and a denomination from a network', () => {
    expect(ids('akash price')).toEqual(['token.price_usd{akash-network}']);
    expect(ids('akash gpu price')).toEqual(['akash.gpu.price_usd_hr']);
    expect(ids('akash spend in akt today')).toEqual(['akash.spend.akt_24h']);
    expect(ids('akash spend today')).toEqual(['akash.spend.usd_24h']);
  });

  it('picks the token a question names: Helium Mobile or MOBILE is not HNT', () => {
    expect(ids('helium price')).toEqual(['token.price_usd{helium}']);
    expect(ids('helium mobile price')).toEqual(['token.price_usd{helium-mobile}']);
    expect(ids('MOBILE market cap')).toEqual(['token.market_cap_usd{helium-mobile}']);
  });

  it('answers several figures in the order asked, and per network in a comparison', () => {
    expect(ids('akt price and market cap')).toEqual([
      'token.price_usd{akash-network}',
      'token.market_cap_usd{akash-network}',
    ]);
    expect(ids('akash vs render market cap')).toEqual([
      'token.market_cap_usd{akash-network}',
      'token.market_cap_usd{render-token}',
    ]);
  });

  it('gives no figure for the past, for how something works, or for a network without the metric', () => {
    expect(ids('what was akt price at launch')).toEqual([]);
    expect(ids('how many providers did akash have in 2021')).toEqual([]);
    expect(ids('how many gpus did the akash testnet have')).toEqual([]);
    expect(ids('how is akt price determined')).toEqual([]);
    expect(ids('how does akash price gpu leases')).toEqual([]);
    expect(ids('explain how render pricing works')).toEqual([]);
    expect(ids('how many gpus does render have')).toEqual([]);
    expect(ids('tell me about akash providers')).toEqual([]);
  });

  it('takes a recent time over the past tense: "did … go up this week" asks for a current figure', () => {
    expect(ids('did akash gpu prices go up this week')).toEqual(['akash.gpu.price_usd_hr']);
    expect(ids('how many new leases did akash get in the last day')).toEqual(['akash.leases.new_24h']);
  });

  it('answers without a network only when one network alone has the metric', () => {
    expect(ids('how many free gpus')).toEqual(['akash.gpu.available']);
    expect(ids('price?')).toEqual([]);
  });
});
