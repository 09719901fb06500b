// The periods a report is read over: calendar months and quarters before or around a day, as ISO dates.

export type PeriodChoice = 'this-month' | 'last-month' | 'this-quarter' | 'last-quarter' | 'custom';

export interface Period {
  start: string;
  end: string;
}

function iso(year: number, month: number, day: number): string {
  // month is 0-based here; Date.UTC rolls over month 12 and day 0 (the last day of the month before)
  return new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
}

/** The period `choice` names, around `today` (an ISO date); `custom` keeps `custom`. */
export function periodOf(choice: PeriodChoice, today: string, custom: Period): Period {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const m = month - 1;
  const quarter = Math.floor(m / 3) * 3;
  switch (choice) {
    case 'this-month':
      return { start: iso(year, m, 1), end: iso(year, m + 1, 0) };
    case 'last-month':
      return { start: iso(year, m - 1, 1), end: iso(year, m, 0) };
    case 'this-quarter':
      return { start: iso(year, quarter, 1), end: iso(year, quarter + 3, 0) };
    case 'last-quarter':
      return { start: iso(year, quarter - 3, 1), end: iso(year, quarter, 0) };
    default:
      return custom;
  }
}
