import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { PageNotFound } from '../shared/app/PageNotFound';
import { RecoupRoot } from '../shared/app/RecoupRoot';
import { CasePage } from './case/CasePage';
import { ConsoleApp } from './ConsoleApp';
import { ConsoleInvoicePage } from './ConsoleInvoicePage';
import { ConsoleInvoicesPage } from './ConsoleInvoicesPage';
import { DashboardPage } from './dashboard/DashboardPage';
import { ReportsPage } from './reports/ReportsPage';
import { ConsoleDocumentsPage } from './documents/ConsoleDocumentsPage';
import { OPEN_QUEUE_HREF } from './queue/queueUrl';
import { QueuePage } from './queue/QueuePage';
import { AdminRoutes } from './admin';
import { ExceptionsPage } from './cash/ExceptionsPage';
import { PatternsPage } from './cash/PatternsPage';
import { ImportPage } from './cash/ImportPage';
import { ImportsPage } from './cash/ImportsPage';
import { MappingsPage } from './cash/MappingsPage';
import { InboundMailPage } from './inbound/InboundMailPage';
import { InvoiceFeedPage } from './imports/InvoiceFeedPage';
import { CollectionsAccountPage } from './collections/CollectionsAccountPage';
import { DunningPreviewPage } from './collections/DunningPreviewPage';
import { WorklistPage } from './collections/WorklistPage';
import { DiscrepanciesPage } from './discrepancies/DiscrepanciesPage';
import { OrderPage } from './orders/OrderPage';
import { OrdersPage } from './orders/OrdersPage';
import { PaymentsPage } from './payments/PaymentsPage';
import { ReceivablesAtPage } from './reports/ReceivablesAtPage';
import { SettledPromisesPage } from './reports/SettledPromisesPage';

/** The console's address opens the work queue: with the query it was given (an old link to `/console/?status=…`),
 * else on the open cases. */
function StartPage() {
  const { search } = useLocation();
  return <Navigate to={search ? `/queue${search}` : OPEN_QUEUE_HREF} replace />;
}

const router = createBrowserRouter(
  [
    {
      path: '/',
      element: <ConsoleApp />,
      children: [
        { index: true, element: <StartPage /> },
        { path: 'queue', element: <QueuePage /> },
        { path: 'cases/:caseId', element: <CasePage /> },
        { path: 'dashboard', element: <DashboardPage /> },
        { path: 'reports', element: <ReportsPage /> },
        { path: 'documents', element: <ConsoleDocumentsPage /> },
        { path: 'invoices', element: <ConsoleInvoicesPage /> },
        { path: 'invoices/:invoiceId', element: <ConsoleInvoicePage /> },
        { path: 'payments', element: <PaymentsPage /> },
        { path: 'promises', element: <SettledPromisesPage /> },
        { path: 'receivables', element: <ReceivablesAtPage /> },
        { path: 'orders', element: <OrdersPage /> },
        { path: 'orders/:orderId', element: <OrderPage /> },
        { path: 'discrepancies', element: <DiscrepanciesPage /> },
        { path: 'cash', element: <ImportsPage /> },
        { path: 'cash/imports/:importId', element: <ImportPage /> },
        { path: 'cash/exceptions', element: <ExceptionsPage /> },
        { path: 'cash/patterns', element: <PatternsPage /> },
        { path: 'cash/mappings', element: <MappingsPage /> },
        { path: 'cash/inbound-mail', element: <InboundMailPage /> },
        { path: 'imports', element: <InvoiceFeedPage /> },
        { path: 'collections', element: <WorklistPage /> },
        { path: 'collections/preview', element: <DunningPreviewPage /> },
        { path: 'collections/accounts/:accountId', element: <CollectionsAccountPage /> },
        { path: 'admin/*', element: <AdminRoutes /> },
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
