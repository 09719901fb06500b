export { AdminRoutes } from './AdminRoutes';

/** The console's nav entry for the administration screens. */
export const adminNavItem = { label: 'Administration', to: '/console/admin' } as const;
