import { describe, expect, it } from 'vitest';
import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { recoupTheme } from '../../shared/app/theme';
import { AutomationSection } from './AutomationSection';
import { type Automation, percentOfCounts, type Rate, totalRate } from './automationRates';

const rate = (done: number, total: number): Rate => ({ done, total, percent: percentOfCounts(done, total) });
const none = rate(0, 0);

function weeks(last: [Rate, Rate, Rate], current: [Rate, Rate, Rate]): Automation['weeks'] {
  return Array.from({ length: 12 }, (_, index) => {
    const number = String(13 + index).padStart(2, '0');
    const [lines, shortPays, closed] = index === 10 ? last : index === 11 ? current : [none, none, none];
    return {
      week: `2003-W${number}`,
      weekStart: '2003-03-24',
      linesAutoMatched: lines,
      shortPaysClassified: shortPays,
      closedByRule: closed,
    };
  });
}

function show(automation: Automation) {
  render(
    <MantineProvider theme={recoupTheme}>
      <AutomationSection automation={automation} />
    </MantineProvider>,
  );
  return screen.getByRole('region', { name: 'Automation' });
}

describe('AutomationSection', () => {
  it('rounds percents of counts half up, exactly', () => {
    expect(percentOfCounts(5, 7)).toBe('71.4');
    expect(percentOfCounts(1, 8)).toBe('12.5');
    expect(percentOfCounts(1, 16)).toBe('6.3');
    expect(percentOfCounts(2, 2)).toBe('100.0');
    expect(percentOfCounts(0, 0)).toBeNull();
    expect(totalRate([rate(5, 7), rate(3, 5), none])).toEqual({ done: 8, total: 12, percent: '66.7' });
  });

  it('shows each rate over twelve weeks, the weekly numbers newest last, and the customers', () => {
    const section = show({
      since: '2003-03-24',
      weeks: weeks([rate(5, 7), rate(1, 3), rate(1, 2)], [rate(3, 5), rate(1, 1), rate(1, 2)]),
      customers: [
        {
          accountId: 'b',
          number: 'T-B',
          name: 'Beta Markets',
          linesAutoMatched: rate(3, 6),
          shortPaysClassified: rate(1, 1),
          closedByRule: rate(1, 2),
        },
      ],
    });

    const lines = within(section).getByRole('group', { name: 'Cash lines auto-matched' });
    expect(within(lines).getByTestId('automation-linesAutoMatched')).toHaveTextContent('66.7 %');
    expect(lines).toHaveTextContent('8 of 12 in 12 weeks · this week 60.0 %');
    expect(within(lines).getByRole('img')).toHaveAccessibleName(/cash lines auto-matched per week/);

    const rows = within(within(section).getByRole('table', { name: 'Automation per week: numbers' })).getAllByRole('row');
    expect(rows).toHaveLength(13);
    expect(rows[12]).toHaveTextContent('2003-W2460.0 % (3 of 5)100.0 % (1 of 1)50.0 % (1 of 2)');
    expect(rows[1]).toHaveTextContent('2003-W13———');

    const customers = within(section).getByRole('table', { name: 'By customer, most payment lines first' });
    expect(within(customers).getAllByRole('row')[1]).toHaveTextContent('Beta MarketsT-B650.0 % (3 of 6)100.0 % (1 of 1)50.0 % (1 of 2)');
  });

  it('says there is nothing to measure when no week had any work', () => {
    const section = show({ since: '2003-03-24', weeks: weeks([none, none, none], [none, none, none]), customers: [] });

    expect(section).toHaveTextContent('Nothing to measure yet');
    expect(within(section).queryByRole('table')).toBeNull();
  });
});
