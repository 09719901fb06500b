// The deductions section's definitions, in the words of docs/KPIS.md ("Deductions"): the page and the document say
// the same.

export const DEDUCTION_DEFINITIONS = {
  recovery:
    "Money recovered ÷ money of the cases decided invalid in the period; recovered: cash applied to the invoice after the decision, from payments received by the period's end, up to the money decided invalid on it.",
  writtenOff:
    'Cases written off in the period, per reason: by a rule when a resolution rule (automation) made the closing change, else by a person.',
  openByAge:
    "Cases open at the period's end (opened by then, not decided or withdrawn by then), by whole days from the day opened to the period's last day, in the dashboard's buckets.",
  flow: 'Cases opened, and cases decided (found valid in full or part, invalid, or written off; withdrawn is not decided), per week (Monday to Sunday) for a period up to 92 days, else per month, cut to the period.',
  onHold: "Accounts in the currency on credit hold at the end of the period's last day, from the hold history.",
  linesAutoMatched:
    'Remittance payment lines imported in the period that were applied with no person ÷ all payment lines imported (applied, exceptions, confirmed); lines carry no currency, so every currency counts.',
  shortPaysClassified:
    'Deductions taken from remittances in the period with a reason other than Other (unexplained) and evidence on file ÷ all deductions taken from remittances.',
  closedByRule: 'Cases decided in the period whose closing change a resolution rule made ÷ cases decided in the period.',
} as const;
