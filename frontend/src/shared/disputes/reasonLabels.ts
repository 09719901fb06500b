export interface ReasonOption {
  code: string;
  label: string;
}

/** Looks up reason labels by code; unknown codes ("EARLY_PAY" from an old remittance) read as words. */
export function reasonLabeller(reasons: readonly ReasonOption[] | undefined): (code: string) => string {
  const labels = new Map((reasons ?? []).map((reason) => [reason.code, reason.label]));
  return (code) => {
    const label = labels.get(code);
    if (label) return label;
    const words = code.toLowerCase().replaceAll('_', ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  };
}
