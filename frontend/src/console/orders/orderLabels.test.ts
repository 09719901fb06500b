import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../shared/graphql/generated';
import { canDecideHeldOrders, canSettleDiscrepancies, creditDecisionLook, deliveredSourceLabel, orderActionLabel } from './orderLabels';

describe('order roles and words', () => {
  it.each<[UserRole, boolean, boolean]>([
    ['AR_CLERK', false, true],
    ['COLLECTOR', false, false],
    ['CREDIT_MANAGER', true, true],
    ['ADMIN', true, true],
  ])('%s decides held orders: %s, settles discrepancies: %s', (role, decides, settles) => {
    expect(canDecideHeldOrders(role)).toBe(decides);
    expect(canSettleDiscrepancies(role)).toBe(settles);
  });

  it('reads the credit decision and the delivered source in words, and shows an unknown one as sent', () => {
    expect(creditDecisionLook('held').label).toBe('Held for credit');
    expect(creditDecisionLook('someday').label).toBe('someday');
    expect(deliveredSourceLabel('pod')).toBe('proof of delivery');
  });

  it('says what happened in an order’s history, with the entity for an action it does not know', () => {
    expect(orderActionLabel('delivery.pod_linked')).toBe('Proof of delivery linked');
    expect(orderActionLabel('shipment.carrier_changed')).toBe('Shipment: carrier changed');
  });
});
