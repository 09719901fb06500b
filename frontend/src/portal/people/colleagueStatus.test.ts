import { describe, expect, it } from 'vitest';
import { canDeactivate, colleagueStatus, colleagueStatusLook } from './colleagueStatus';

describe('colleagueStatus', () => {
  it('tells active, invited and deactivated logins apart', () => {
    expect(colleagueStatus({ isActive: true, invitationPending: false })).toBe('active');
    expect(colleagueStatus({ isActive: false, invitationPending: true })).toBe('invited');
    expect(colleagueStatus({ isActive: false, invitationPending: false })).toBe('deactivated');
    expect(colleagueStatusLook('invited').label).toBe('Invitation sent');
  });

  it('lets the administrator deactivate active colleagues but not themself', () => {
    expect(canDeactivate({ id: 'u-2', isActive: true, invitationPending: false }, 'u-1')).toBe(true);
    expect(canDeactivate({ id: 'u-1', isActive: true, invitationPending: false }, 'u-1')).toBe(false);
    expect(canDeactivate({ id: 'u-3', isActive: false, invitationPending: true }, 'u-1')).toBe(false);
  });
});
