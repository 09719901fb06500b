interface ColleagueState {
  isActive: boolean;
  invitationPending: boolean;
}

export type ColleagueStatus = 'active' | 'invited' | 'deactivated';

const LOOKS: Record<ColleagueStatus, { label: string; color: string }> = {
  active: { label: 'Active', color: 'green' },
  invited: { label: 'Invitation sent', color: 'blue' },
  deactivated: { label: 'Deactivated', color: 'gray' },
};

/**
 * Where a login stands: active; invited and not yet accepted (no password
 * chosen); or switched off by the administrator.
 */
export function colleagueStatus(colleague: ColleagueState): ColleagueStatus {
  if (colleague.isActive) return 'active';
  return colleague.invitationPending ? 'invited' : 'deactivated';
}

export function colleagueStatusLook(status: ColleagueStatus): { label: string; color: string } {
  return LOOKS[status];
}

/** Only active colleagues can be deactivated, and never the administrator themself. */
export function canDeactivate(colleague: ColleagueState & { id: string }, viewerId: string): boolean {
  return colleague.isActive && colleague.id !== viewerId;
}
