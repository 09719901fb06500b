import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { PageNotFound } from '../shared/app/PageNotFound';
import { RecoupRoot } from '../shared/app/RecoupRoot';
import { PortalApp } from './PortalApp';
import { PortalInvoicePage } from './PortalInvoicePage';
import { PortalInvoicesPage } from './PortalInvoicesPage';

const router = createBrowserRouter(
  [
    {
      path: '/',
      element: <PortalApp />,
      children: [
        { index: true, element: <PortalInvoicesPage /> },
        { path: 'invoices/:invoiceId', element: <PortalInvoicePage /> },
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
