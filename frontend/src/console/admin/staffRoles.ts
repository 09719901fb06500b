import { roleLabel } from '../../shared/auth/roles';
import type { UserRole } from '../../shared/graphql/generated';

/**
 * The staff roles as the administration API spells them (lower case, e.g.
 * "ar_clerk"), unlike `viewer.role`, which is the `UserRole` enum ("AR_CLERK").
 */
export const STAFF_ROLES = ['ar_clerk', 'collector', 'credit_manager', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

/** "AR clerk" for "ar_clerk"; a role this app does not know is shown as sent. */
export function staffRoleLabel(role: string): string {
  return isStaffRole(role) ? roleLabel(role.toUpperCase() as UserRole) : role;
}

export const STAFF_ROLE_OPTIONS = STAFF_ROLES.map((role) => ({ value: role, label: staffRoleLabel(role) }));

/** Only admins change configuration; everyone else sees it read-only. */
export function isAdmin(viewer: { role: UserRole } | null | undefined): boolean {
  return viewer?.role === 'ADMIN';
}

/** Credit managers and admins change the credit hold rules and the reminder ladder; other staff see them read-only. */
export function canChangeCreditSettings(viewer: { role: UserRole } | null | undefined): boolean {
  return viewer?.role === 'CREDIT_MANAGER' || viewer?.role === 'ADMIN';
}

export const CREDIT_SETTINGS_READ_ONLY_NOTICE =
  'You can look at these settings; only a credit manager or an admin can change them.';
