/** What the portal is called under the product name, e.g. on the sign-in form. */
export const PORTAL_AREA = 'Customer portal';
