/** "0.4286" as "42.86 %", exactly (no binary floating point). */
export function ratioAsPercent(ratio: string): string {
  const [whole = '0', fraction = ''] = ratio.split('.');
  const units = BigInt(whole + fraction.padEnd(4, '0').slice(0, 4));
  return `${units / 100n}.${(units % 100n).toString().padStart(2, '0')} %`;
}
