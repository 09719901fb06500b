/** Reason categories as the API spells them. */
export const REASON_CATEGORIES = [
  { value: 'trade', label: 'Trade' },
  { value: 'non_trade', label: 'Non-trade' },
] as const;

export function reasonCategoryLabel(category: string): string {
  return REASON_CATEGORIES.find((option) => option.value === category)?.label ?? category;
}
