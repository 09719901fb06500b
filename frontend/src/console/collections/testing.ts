import { vi } from 'vitest';

type Answer = unknown | ((variables: Record<string, unknown>) => unknown);

export interface SentOperation {
  operationName: string;
  variables: Record<string, unknown>;
}

/**
 * Stubs fetch to answer each GraphQL request by its operation name (pages here ask for several things at once,
 * in no fixed order). Returns the operations sent, in order.
 */
export function stubOperations(answers: Record<string, Answer>): SentOperation[] {
  const sent: SentOperation[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((_url: string, init: RequestInit) => {
      const body = JSON.parse(init.body as string) as SentOperation;
      sent.push({ operationName: body.operationName, variables: body.variables ?? {} });
      const answer = answers[body.operationName];
      if (answer === undefined) throw new Error(`No stubbed answer for ${body.operationName}`);
      const data = typeof answer === 'function' ? answer(body.variables ?? {}) : answer;
      return Promise.resolve(new Response(JSON.stringify({ data }), { headers: { 'Content-Type': 'application/json' } }));
    }),
  );
  return sent;
}

/** The variables of every sent operation of that name. */
export const variablesOf = (sent: SentOperation[], operationName: string) =>
  sent.filter((operation) => operation.operationName === operationName).map((operation) => operation.variables);

export const STAFF = {
  staffMembers: [
    { __typename: 'StaffMember', id: 'u-col', fullName: 'Casey Collector', email: 'casey@example.com', role: 'collector' },
    { __typename: 'StaffMember', id: 'u-clerk', fullName: 'Alex Clerk', email: 'alex@example.com', role: 'ar_clerk' },
  ],
};

export const PRIORITY = {
  __typename: 'Priority',
  score: '2700.00',
  pastDue: '1000.00',
  daysPastDue: 45,
  ageFactor: '1.5',
  riskFactor: '1.2',
  promiseFactor: '1.5',
  explanation: '1,000.00 past due × 1.5 for 45 days × 1.2 for high risk × 1.5 for 1 broken promise(s)',
};
