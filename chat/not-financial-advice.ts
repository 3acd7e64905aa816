/** The line every answer and digest carrying figures ends with. */
export const NOT_FINANCIAL_ADVICE =
  'Not financial advice: figures are dated and may be out of date; do your own research.';
