import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { PageNotFound } from '../shared/app/PageNotFound';
import { RecoupRoot } from '../shared/app/RecoupRoot';
import { ConsoleApp } from './ConsoleApp';
import { ConsoleInvoicePage } from './ConsoleInvoicePage';
import { ConsoleInvoicesPage } from './ConsoleInvoicesPage';

const router = createBrowserRouter(
  [
    {
      path: '/',
      element: <ConsoleApp />,
      children: [
        { index: true, element: <ConsoleInvoicesPage /> },
        { path: 'invoices/:invoiceId', element: <ConsoleInvoicePage /> },
        { path: '*', element: <PageNotFound /> },
      ],
    },
  ],
  { basename: '/console' },
);

createRoot(document.getElementById('root')!).render(
  <RecoupRoot>
    <RouterProvider router={router} />
  </RecoupRoot>,
);
