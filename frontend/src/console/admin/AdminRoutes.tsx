import { Anchor, Paper, Text, Title } from '@mantine/core';
import { Link, Route, Routes } from 'react-router';
import { AdminOverview } from './AdminOverview';
import { ApiClientsPage } from './ApiClientsPage';
import { CreditHoldRulesPage } from './CreditHoldRulesPage';
import { ExternalCodesPage } from './ExternalCodesPage';
import { PromotionsPage } from './PromotionsPage';
import { ReasonCodesPage } from './ReasonCodesPage';
import { ReminderLevelsPage } from './ReminderLevelsPage';
import { ResolutionRulesPage } from './ResolutionRulesPage';
import { RoutingRulesPage } from './RoutingRulesPage';
import { SavedViewsPage } from './SavedViewsPage';
import { StaffUsersPage } from './StaffUsersPage';
import { WriteOffLimitsPage } from './WriteOffLimitsPage';

function AdminPageNotFound() {
  return (
    <Paper withBorder p="xl">
      <title>Page not found · Recoup</title>
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text mt="xs">
        There is no administration screen at this address.{' '}
        <Anchor component={Link} to="..">
          Go to Administration
        </Anchor>
      </Text>
    </Paper>
  );
}

/**
 * The administration screens, for a route `admin/*` in the console:
 * every path here is relative to it (`/console/admin/...`).
 */
export function AdminRoutes() {
  return (
    <Routes>
      <Route index element={<AdminOverview />} />
      <Route path="write-off-limits" element={<WriteOffLimitsPage />} />
      <Route path="reason-codes" element={<ReasonCodesPage />} />
      <Route path="external-codes" element={<ExternalCodesPage />} />
      <Route path="routing-rules" element={<RoutingRulesPage />} />
      <Route path="resolution-rules" element={<ResolutionRulesPage />} />
      <Route path="promotions" element={<PromotionsPage />} />
      <Route path="credit-hold-rules" element={<CreditHoldRulesPage />} />
      <Route path="reminder-levels" element={<ReminderLevelsPage />} />
      <Route path="staff-users" element={<StaffUsersPage />} />
      <Route path="saved-views" element={<SavedViewsPage />} />
      <Route path="api-clients" element={<ApiClientsPage />} />
      <Route path="*" element={<AdminPageNotFound />} />
    </Routes>
  );
}
