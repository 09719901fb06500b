// Exact arithmetic on decimal strings ("1234.50"), for adding up and comparing
// amounts in the browser. Each value becomes a BigInt count of its smallest
// unit (cents for "0.10", tenths of a cent for "0.125"), so no binary
// floating point ever touches money: "0.10" + "0.20" is exactly "0.30".

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

interface Scaled {
  /** The value times 10^scale, e.g. 1050n for "10.50". */
  units: bigint;
  /** Digits after the decimal point. */
  scale: number;
}

function parse(value: string): Scaled {
  const match = DECIMAL.exec(value);
  if (!match) throw new RangeError(`Not a decimal amount: ${JSON.stringify(value)}`);
  const [, minus, whole = '0', fraction = ''] = match;
  const units = BigInt(whole + fraction);
  return { units: minus ? -units : units, scale: fraction.length };
}

function rescale({ units, scale }: Scaled, to: number): bigint {
  return units * 10n ** BigInt(to - scale);
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * The exact sum of decimal strings, with as many decimals as the most precise
 * one and at least `minScale` (two by default, so the sum of nothing is "0.00").
 * Throws a RangeError for anything that is not a plain decimal string.
 */
export function sumDecimals(values: readonly string[], minScale = 2): string {
  const parsed = values.map(parse);
  const scale = Math.max(minScale, ...parsed.map((value) => value.scale));
  const total = parsed.reduce((sum, value) => sum + rescale(value, scale), 0n);
  return format(total, scale);
}

/** The exact sum of two decimal strings: addDecimals("0.10", "0.20") is "0.30". */
export function addDecimals(a: string, b: string): string {
  return sumDecimals([a, b], 0);
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`; "1.5" equals "1.50". */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const left = parse(a);
  const right = parse(b);
  const scale = Math.max(left.scale, right.scale);
  const difference = rescale(left, scale) - rescale(right, scale);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/**
 * quantity × unit price, rounded half-up to cents, as the server rounds a line
 * amount: lineAmount("3", "0.335") is "1.01". Exact on the decimal strings.
 */
export function lineAmount(quantity: string, unitPrice: string): string {
  const q = parse(quantity);
  const p = parse(unitPrice);
  const product = q.units * p.units; // scaled by 10^(q.scale + p.scale)
  const scale = q.scale + p.scale;
  if (scale <= 2) return format(product * 10n ** BigInt(2 - scale), 2);
  const divisor = 10n ** BigInt(scale - 2);
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const rounded = (magnitude + divisor / 2n) / divisor;
  return format(negative ? -rounded : rounded, 2);
}

const QUANTITY_INPUT = /^\d+(\.\d{1,3})?$/;

/** True when someone typed a plain quantity: digits with at most three decimals, no sign or exponent. */
export function isQuantityInput(value: string): boolean {
  return QUANTITY_INPUT.test(value);
}

const MONEY_INPUT = /^\d+(\.\d{1,2})?$/;

/**
 * True when someone typed a plain money amount: digits with at most two
 * decimals ("125", "125.5", "125.50"), no sign, separators or exponent.
 */
export function isMoneyInput(value: string): boolean {
  return MONEY_INPUT.test(value);
}

/**
 * How much of `whole` `part` is, in percent with one decimal (0–100), for
 * drawing shares such as bar widths. Worked out exactly on the decimal
 * strings; the result is a share, not money. Negative parts and an empty or
 * negative whole count as 0.
 */
export function percentOf(part: string, whole: string): number {
  const left = parse(part);
  const right = parse(whole);
  const scale = Math.max(left.scale, right.scale);
  const numerator = rescale(left, scale);
  const denominator = rescale(right, scale);
  if (numerator <= 0n || denominator <= 0n) return 0;
  const tenths = (numerator * 1000n) / denominator;
  return Math.min(Number(tenths), 1000) / 10;
}
