/**
 * pgvector's text input ('[0.1,-0.25,...]'), each value written as a shortest decimal that
 * Postgres' strtof reads back as the float4 it stores. pgvector's toSql writes each float64 in full
 * (about 20 characters); this is about 10, so there is half as much text to build, send and parse
 * per vector, and the stored vectors are bit for bit the same (test/retrieval/vector-literal.db.test.ts).
 */
export function toVectorLiteral(vector: readonly number[]): string {
  const parts = new Array<string>(vector.length);
  for (let i = 0; i < vector.length; i++) parts[i] = toFloat4Text(vector[i]!);
  return `[${parts.join(',')}]`;
}

const FLOAT4_MIN_NORMAL = 2 ** -126;
const FLOAT4_MAX = 3.4028234663852886e38;
const bits = new DataView(new ArrayBuffer(8));

/**
 * The shortest text of the float4 Postgres would store for `value`. Where a decimal-to-double-to-float
 * reading could round differently from strtof's direct one (a value exactly halfway between two
 * float4s, float4 subnormals, out of range), the full float64 text is kept, as before.
 */
export function toFloat4Text(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot store a vector holding ${value}`);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < FLOAT4_MIN_NORMAL || magnitude > FLOAT4_MAX || isFloat4Midpoint(value)) {
    return String(value);
  }
  const float = Math.fround(value);
  // A round trip needs at most 9 digits, most values 7 or 8; a decimal that reads back at p digits
  // almost always does at p + 1 too, so search down from 8 (or take 9). Next to a power of two the
  // search may stop a digit early: still exact, one character longer.
  let best = float.toPrecision(8);
  if (!readsBackAs(best, float)) return String(Number(float.toPrecision(9)));
  for (let precision = 7; precision >= 1; precision--) {
    const shorter = float.toPrecision(precision);
    if (!readsBackAs(shorter, float)) break;
    best = shorter;
  }
  // Number() then String() drops trailing zeros and picks exponent form for tiny values.
  return String(Number(best));
}

/**
 * Whether strtof(text) is `float`. Reading through a double rounds twice, which can only differ from
 * rounding once when the double read lies exactly halfway between two float4s (any float4 midpoint
 * is itself a double, so it cannot lie strictly between the text and its nearest double): such a
 * reading is refused.
 */
function readsBackAs(text: string, float: number): boolean {
  const read = Number(text);
  return Math.fround(read) === float && Math.abs(read) >= FLOAT4_MIN_NORMAL && !isFloat4Midpoint(read);
}

/** A double exactly halfway between two normal float4s: of its 29 fraction bits beyond float4's 23, only the top one is set. */
function isFloat4Midpoint(value: number): boolean {
  bits.setFloat64(0, value);
  return (bits.getUint32(4) & 0x1fffffff) === 0x10000000;
}
