/** Words and colours for an import's and a line's status. */
export const IMPORT_STATUS: Record<string, { label: string; color: string; running: boolean }> = {
  queued: { label: 'Queued', color: 'gray', running: true },
  reading: { label: 'Reading and matching', color: 'blue', running: true },
  applying: { label: 'Applying', color: 'blue', running: true },
  applied: { label: 'Applied', color: 'green', running: false },
  partially_applied: { label: 'Good lines applied', color: 'yellow', running: false },
  rejected: { label: 'Rejected — nothing applied', color: 'red', running: false },
  failed: { label: 'Failed — nothing applied', color: 'red', running: false },
};

export const LINE_STATUS: Record<string, { label: string; color: string }> = {
  applied: { label: 'Applied', color: 'green' },
  confirmed: { label: 'Applied by staff', color: 'green' },
  exception: { label: 'Needs a decision', color: 'orange' },
  error: { label: 'Wrong', color: 'red' },
  not_applied: { label: 'Not applied', color: 'red' },
  skipped: { label: 'Skipped', color: 'gray' },
};

export function ruleLabel(rule: string): string {
  return rule ? rule.replaceAll('_', ' ') : '—';
}

export function isRunning(status: string): boolean {
  return IMPORT_STATUS[status]?.running ?? false;
}
