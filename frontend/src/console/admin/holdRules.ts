/** The credit hold rules the server knows, in the order they are shown. */
export const HOLD_RULE_KINDS = ['over_limit', 'past_due', 'broken_promise'] as const;

const TITLES: Record<string, string> = {
  over_limit: 'Over the credit limit',
  past_due: 'Money past due',
  broken_promise: 'Broken promise to pay',
};

/** The rule's name; a kind this app does not know is shown as sent. */
export function holdRuleTitle(kind: string): string {
  return TITLES[kind] ?? kind;
}

/** What the rule does, in words. `days` matters only to the past-due rule. */
export function holdRuleDescription(kind: string, days: number | null): string {
  switch (kind) {
    case 'over_limit':
      return 'Puts an account on credit hold when what it owes (its exposure) is above its credit limit. An account with no limit set (zero) is not held for this.';
    case 'past_due':
      return `Puts an account on credit hold when undisputed money is more than ${
        days === null ? 'a number of' : days === 1 ? '1' : String(days)
      } ${days === 1 ? 'day' : 'days'} past due. Money under review in a dispute does not count.`;
    case 'broken_promise':
      return 'Puts an account on credit hold when the customer broke a promise to pay and the money is still past due.';
    default:
      return 'A rule this screen does not describe yet.';
  }
}

/** Rules in a fixed order: the known kinds first, then any other the server sent. */
export function inShownOrder<R extends { kind: string }>(rules: readonly R[]): R[] {
  const rank = (kind: string) => {
    const index = (HOLD_RULE_KINDS as readonly string[]).indexOf(kind);
    return index === -1 ? HOLD_RULE_KINDS.length : index;
  };
  return [...rules].sort((a, b) => rank(a.kind) - rank(b.kind));
}
