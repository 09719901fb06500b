import { createRoot } from 'react-dom/client';
import { Navigate, createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { PageNotFound } from '../shared/app/PageNotFound';
import { RecoupRoot } from '../shared/app/RecoupRoot';
import { PortalApp } from './PortalApp';
import { PortalInvoicePage } from './PortalInvoicePage';
import { PortalInvoicesPage } from './PortalInvoicesPage';
import { AccountPage } from './account/AccountPage';
import { DisputeFormPage } from './disputes/DisputeFormPage';
import { PortalDisputePage } from './disputes/PortalDisputePage';
import { PortalDisputesPage } from './disputes/PortalDisputesPage';
import { PortalDocumentsPage } from './documents/PortalDocumentsPage';
import { PortalOrderPage } from './orders/PortalOrderPage';
import { PortalOrdersPage } from './orders/PortalOrdersPage';
import { PeoplePage } from './people/PeoplePage';
import { RemindersPage } from './reminders/RemindersPage';
import { AcceptInvitePage } from './signin/AcceptInvitePage';
import { ForgotPasswordPage } from './signin/ForgotPasswordPage';
import { ResetPasswordPage } from './signin/ResetPasswordPage';

const router = createBrowserRouter(
  [
    {
      path: '/',
      element: <PortalApp />,
      children: [
        { index: true, element: <PortalInvoicesPage /> },
        { path: 'invoices', element: <Navigate to="/" replace /> },
        { path: 'invoices/:invoiceId', element: <PortalInvoicePage /> },
        { path: 'invoices/:invoiceId/dispute', element: <DisputeFormPage /> },
        { path: 'orders', element: <PortalOrdersPage /> },
        { path: 'orders/:orderId', element: <PortalOrderPage /> },
        { path: 'reminders', element: <RemindersPage /> },
        { path: 'disputes', element: <PortalDisputesPage /> },
        { path: 'disputes/:disputeId', element: <PortalDisputePage /> },
        { path: 'documents', element: <PortalDocumentsPage /> },
        { path: 'account', element: <AccountPage /> },
        { path: 'people', element: <PeoplePage /> },
        { path: '*', element: <PageNotFound /> },
      ],
    },
    // Reached from e-mails or the sign-in form, before anyone is signed in: outside the viewer gate.
    { path: '/forgot-password', element: <ForgotPasswordPage /> },
    { path: '/reset-password', element: <ResetPasswordPage /> },
    { path: '/accept-invite', element: <AcceptInvitePage /> },
  ],
  { basename: '/portal' },
);

createRoot(document.getElementById('root')!).render(
  <RecoupRoot>
    <RouterProvider router={router} />
  </RecoupRoot>,
);
