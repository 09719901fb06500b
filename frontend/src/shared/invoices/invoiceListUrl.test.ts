import { describe, expect, it } from 'vitest';
import {
  amountBoundProblem,
  readInvoiceListState,
  toInvoiceListVariables,
  withParam,
  withSort,
} from './invoiceListUrl';

const read = (query: string) => readInvoiceListState(new URLSearchParams(query));

describe('reading the invoice list from the URL', () => {
  it('reads sort, amounts and issue dates', () => {
    const state = read('sort=AMOUNT_HIGHEST&amountMin=100&amountMax=2500.50&issuedFrom=2026-01-01&issuedTo=2026-03-31');
    expect(state).toMatchObject({
      sort: 'AMOUNT_HIGHEST',
      amountMin: '100',
      amountMax: '2500.50',
      issuedFrom: '2026-01-01',
      issuedTo: '2026-03-31',
    });
    expect(toInvoiceListVariables(state)).toEqual({
      first: 25,
      after: null,
      sort: 'AMOUNT_HIGHEST',
      filter: {
        status: null,
        search: null,
        issuedFrom: '2026-01-01',
        issuedTo: '2026-03-31',
        amountMin: '100',
        amountMax: '2500.50',
        currency: null,
      },
    });
  });

  it('reads a currency (the reports link the invoices of one), and leaves out anything else', () => {
    expect(toInvoiceListVariables(read('currency=EUR&issuedFrom=2026-07-01')).filter).toMatchObject({
      currency: 'EUR',
      issuedFrom: '2026-07-01',
    });
    expect(read('currency=euro').currency).toBe('');
  });

  it('falls back to newest first for an unknown sort and ignores impossible dates', () => {
    const state = read('sort=CHEAPEST&issuedFrom=2026-02-30&issuedTo=soon');
    expect(state.sort).toBe('ISSUED_NEWEST');
    expect(state.issuedFrom).toBe('');
    expect(toInvoiceListVariables(state).filter).toBeNull();
  });

  it('sends amounts the server may refuse (it explains why) but never ones that cannot be sent', () => {
    expect(toInvoiceListVariables(read('amountMin=12.345')).filter?.amountMin).toBe('12.345');
    expect(toInvoiceListVariables(read('amountMin=-5')).filter?.amountMin).toBe('-5');
    expect(toInvoiceListVariables(read('amountMin=1e3')).filter).toBeNull();
    expect(toInvoiceListVariables(read('amountMax=1,000')).filter).toBeNull();
  });
});

describe('amountBoundProblem', () => {
  it.each(['', '0', '1500', '1500.5', '1500.50', '12.345'])('lets %j through', (value) => {
    expect(amountBoundProblem(value)).toBeNull();
  });

  it.each(['abc', '1,500', '1e3', '.5', '5.', '1.23456', '12345678901234567'])('refuses %j', (value) => {
    expect(amountBoundProblem(value)).toBe('Enter an amount in digits, e.g. 1500 or 1500.50.');
  });
});

describe('one customer, from a report', () => {
  it('reads a customer id and leaves out anything else', () => {
    const id = '0b9f1a52-4f35-4c4e-9a51-1f3a7d6a2c11';
    const state = read(`currency=EUR&accountId=${id}`);
    expect(state.accountId).toBe(id);
    // never in the filter every list shares: customers' inputs carry no account (SECURITY 11)
    expect(toInvoiceListVariables(state).filter).toEqual(expect.not.objectContaining({ accountId: expect.anything() }));
    expect(read('accountId=1%20OR%201=1').accountId).toBe('');
  });
});

describe('changing the URL', () => {
  it('starts again from the first page when a filter changes', () => {
    const next = withParam(new URLSearchParams('q=PO&after=c1&after=c2'), 'amountMin', '10');
    expect(next.toString()).toBe('q=PO&amountMin=10');
    expect(withParam(next, 'amountMin', '').toString()).toBe('q=PO');
  });

  it('drops cursors on a sort change, since a cursor belongs to one sort', () => {
    const next = withSort(new URLSearchParams('status=OPEN&after=c1'), 'BALANCE_HIGHEST');
    expect(next.toString()).toBe('status=OPEN&sort=BALANCE_HIGHEST');
    expect(withSort(next, 'ISSUED_NEWEST').toString()).toBe('status=OPEN');
  });
});
