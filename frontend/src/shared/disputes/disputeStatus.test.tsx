import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithTheme } from '../../test/render';
import { DisputeStatusBadge } from './DisputeStatusBadge';
import { DISPUTE_STATUSES, disputeStatusLook, isDisputeStatus, isOpenDispute } from './disputeStatus';

describe('dispute statuses', () => {
  it('knows every status the schema defines', () => {
    expect(DISPUTE_STATUSES).toEqual([
      'NEW',
      'ASSIGNED',
      'IN_REVIEW',
      'WAITING_ON_CUSTOMER',
      'WAITING_ON_INTERNAL',
      'RESOLVED_VALID',
      'RESOLVED_INVALID',
      'RESOLVED_PARTIAL',
      'WRITTEN_OFF',
      'WITHDRAWN',
    ]);
    expect(isDisputeStatus('WITHDRAWN')).toBe(true);
    expect(isDisputeStatus('constructor')).toBe(false);
  });

  it('says each in plain words', () => {
    expect(disputeStatusLook('WAITING_ON_CUSTOMER').label).toBe('Waiting for you');
    expect(disputeStatusLook('RESOLVED_PARTIAL').label).toBe('Partly accepted');
    const labels = DISPUTE_STATUSES.map((status) => disputeStatusLook(status).label);
    expect(labels.every((label) => !label.includes('_'))).toBe(true);
  });

  it('treats only the five working statuses as open', () => {
    expect(DISPUTE_STATUSES.filter(isOpenDispute)).toEqual([
      'NEW',
      'ASSIGNED',
      'IN_REVIEW',
      'WAITING_ON_CUSTOMER',
      'WAITING_ON_INTERNAL',
    ]);
  });

  it('renders the label in a badge', () => {
    renderWithTheme(<DisputeStatusBadge status="WAITING_ON_CUSTOMER" />);
    expect(screen.getByText('Waiting for you').closest('[data-status]')).toHaveAttribute('data-status', 'WAITING_ON_CUSTOMER');
  });
});
