import { describe, expect, it } from 'vitest';
import { carrierAndTracking, deliveredSourceWords, poWords } from './orderWords';
import { orderHref, orderListHref } from './orderLinks';

describe('deliveredSourceWords', () => {
  it('says where a delivered count is from', () => {
    expect(deliveredSourceWords('pod')).toBe('From the proof of delivery');
    expect(deliveredSourceWords('feed')).toBe('From our delivery records');
    expect(deliveredSourceWords('staff')).toBe('Entered by our staff');
  });

  it('says nothing of a source it does not know', () => {
    expect(deliveredSourceWords(null)).toBeNull();
    expect(deliveredSourceWords('carrier-api')).toBeNull();
  });
});

describe('carrierAndTracking', () => {
  it('joins what is known', () => {
    expect(carrierAndTracking('UPS', '1Z999AA10123456784')).toBe('UPS · 1Z999AA10123456784');
    expect(carrierAndTracking('Own fleet', ' ')).toBe('Own fleet');
    expect(carrierAndTracking('', '')).toBe('—');
  });
});

describe('poWords', () => {
  it('names a bare number as a PO, and leaves one that says so as it is', () => {
    expect(poWords('4500012345')).toBe('PO 4500012345');
    expect(poWords('PO-4581811385')).toBe('PO-4581811385');
    expect(poWords('po 77')).toBe('po 77');
    expect(poWords('POLAR-1')).toBe('PO POLAR-1');
  });
});

describe('order links', () => {
  it('links an order by its id', () => {
    expect(orderHref('a/b')).toBe('/orders/a%2Fb');
  });

  it('goes back to the list as the customer left it, and only to the list', () => {
    expect(orderListHref({ orderListSearch: '?status=SHIPPED&after=c1' })).toBe('/orders?status=SHIPPED&after=c1');
    expect(orderListHref({ orderListSearch: '//evil.example' })).toBe('/orders');
    expect(orderListHref(null)).toBe('/orders');
  });
});
