import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { adminNavItem, AdminRoutes } from './index';
import { READ_ONLY_NOTICE } from './AdminPage';
import { graphqlResponse, renderAdmin } from './testing';

const REASONS = [
  { __typename: 'ReasonCodeSetting', code: 'SHORTAGE', label: 'Shortage', category: 'trade', slaDays: 10, requiresDescription: false, active: true },
  { __typename: 'ReasonCodeSetting', code: 'OLD', label: 'Old reason', category: 'non_trade', slaDays: 1, requiresDescription: true, active: false },
];

/** Answers each query by its operation name, as the viewer with `role`. */
function stubServer(role: string) {
  const viewer = { __typename: 'Viewer', id: 'me', role };
  const answers: Record<string, unknown> = {
    AdminReasonCodes: { viewer, reasonCodeSettings: REASONS },
    AdminSavedViews: {
      viewer,
      savedViews: [
        { __typename: 'SavedView', id: 'v1', name: 'My overdue', filter: { mine: true, status: ['NEW', 'ASSIGNED'] }, createdAt: '2026-03-01T09:00:00+00:00' },
      ],
    },
  };
  vi.stubGlobal(
    'fetch',
    vi.fn((_url: string, init: RequestInit) => {
      const { operationName } = JSON.parse(init.body as string) as { operationName: string };
      return Promise.resolve(graphqlResponse(answers[operationName]));
    }),
  );
}

function renderAt(path: string) {
  renderAdmin(
    <Routes>
      <Route path="admin/*" element={<AdminRoutes />} />
    </Routes>,
    path,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('AdminRoutes', () => {
  it('exports the nav item the console links to', () => {
    expect(adminNavItem).toEqual({ label: 'Administration', to: '/console/admin' });
  });

  it('shows the overview with a link to every screen, relative to where it is mounted', () => {
    renderAt('/admin');
    expect(screen.getByRole('heading', { name: 'Administration', level: 1 })).toBeInTheDocument();
    const hrefs = Object.fromEntries(
      screen.getAllByRole('link').map((link) => [link.textContent, link.getAttribute('href')]),
    );
    expect(hrefs).toEqual({
      'Write-off limits': '/admin/write-off-limits',
      'Reason codes': '/admin/reason-codes',
      'Remittance codes': '/admin/external-codes',
      'Routing rules': '/admin/routing-rules',
      'Resolution rules': '/admin/resolution-rules',
      Promotions: '/admin/promotions',
      'Credit hold rules': '/admin/credit-hold-rules',
      'Reminder levels': '/admin/reminder-levels',
      'Staff users': '/admin/staff-users',
      'Saved views': '/admin/saved-views',
      'API clients': '/admin/api-clients',
    });
  });

  it('says so at an unknown address, with the way back', () => {
    renderAt('/admin/nothing/here');
    expect(screen.getByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to Administration' })).toHaveAttribute('href', '/admin');
  });

  it('shows the reason codes read-only to staff who are not admins', async () => {
    stubServer('AR_CLERK');
    renderAt('/admin/reason-codes');
    const table = await screen.findByRole('table', { name: 'Reason codes' });
    expect(within(table).getByText('Shortage')).toBeInTheDocument();
    expect(within(table).getByText('Inactive')).toBeInTheDocument();
    expect(screen.getByText(READ_ONLY_NOTICE)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add reason code' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Change/ })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: '← Administration' })).toHaveAttribute('href', '/admin');
  });

  it('lets an admin add and change reason codes', async () => {
    stubServer('ADMIN');
    renderAt('/admin/reason-codes');
    await screen.findByRole('table', { name: 'Reason codes' });
    expect(screen.getByRole('button', { name: 'Add reason code' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Change SHORTAGE' })).toBeInTheDocument();
    expect(screen.queryByText(READ_ONLY_NOTICE)).not.toBeInTheDocument();
  });

  it("links each saved view to the queue with its filter as URL parameters", async () => {
    stubServer('AR_CLERK');
    renderAt('/admin/saved-views');
    const link = await screen.findByRole('link', { name: 'My overdue' });
    expect(link).toHaveAttribute('href', '/queue?mine=true&status=NEW&status=ASSIGNED');
    expect(screen.getByRole('button', { name: 'Delete the view My overdue' })).toBeInTheDocument();
  });
});
