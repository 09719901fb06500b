import { createRoot } from 'react-dom/client';
import { Navigate, createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { PageNotFound } from '../shared/app/PageNotFound';
import { RecoupRoot } from '../shared/app/RecoupRoot';
import { PortalApp } from './PortalApp';
import { PortalInvoicePage } from './PortalInvoicePage';
import { PortalInvoicesPage } from './PortalInvoicesPage';
import { DisputeFormPage } from './disputes/DisputeFormPage';
import { PortalDisputePage } from './disputes/PortalDisputePage';
import { PortalDisputesPage } from './disputes/PortalDisputesPage';

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
        { path: 'disputes', element: <PortalDisputesPage /> },
        { path: 'disputes/:disputeId', element: <PortalDisputePage /> },
        { path: '*', element: <PageNotFound /> },
      ],
    },
  ],
  { basename: '/portal' },
);

createRoot(document.getElementById('root')!).render(
  <RecoupRoot>
    <RouterProvider router={router} />
  </RecoupRoot>,
);
