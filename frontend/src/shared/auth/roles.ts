import type { UserRole } from '../graphql/generated';

const ROLE_LABELS: Record<UserRole, string> = {
  CUSTOMER_ADMIN: 'Customer admin',
  CUSTOMER_USER: 'Customer user',
  AR_CLERK: 'AR clerk',
  COLLECTOR: 'Collector',
  CREDIT_MANAGER: 'Credit manager',
  ADMIN: 'Administrator',
};

export function roleLabel(role: UserRole): string {
  return ROLE_LABELS[role] ?? role;
}
