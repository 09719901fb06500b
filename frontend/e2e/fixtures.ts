import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  test as base,
  expect,
  type APIRequestContext,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from '@playwright/test';
import { DEMO_PASSWORD } from './support';

// Signed-in pages for the tests that are not about signing in. Signing in through the form costs seconds on a
// loaded machine (the e2e backend hashes passwords with argon2 at production cost), so each demo user signs in
// ONCE per worker, through the real API as the app's form does (POST /auth/login, JSON, from our own origin), and
// the browser state that holds the session (the recoup_session and recoup_csrf cookies) is kept in a file that
// later tests open their browser contexts with. Before each use the session is asked who it belongs to
// (`{ viewer { email } }`): one that has ended (signed out, expired, revoked, a database from an earlier run) is
// replaced by a fresh sign-in.
//
// A test that signs a user out or ends their sessions (sign-out, deactivation, role changes, session rotation)
// is about signing in: it keeps signing in through the form (`submitSignIn`), or uses a user nobody else uses.
//
//   test.use({ user: CLERK });                       // the test's own `page` is the clerk's
//   const customer = await signedIn(CUSTOMER);       // another person, in a browser context of their own

export { expect };

/** Live sessions of the demo users, one storage-state file per user (per worker). */
export interface Sessions {
  /** The path of a storage-state file holding a live session of `email`, signing in first when there is none. */
  stateFor(email: string): Promise<string>;
}

/** Opens a new page signed in as `email` (the `signedIn` fixture). */
export type SignedIn = (email: string, options?: BrowserContextOptions) => Promise<Page>;

interface TestFixtures {
  /** The demo user the test's own `page` (and `context`) is signed in as; none by default. */
  user: string | undefined;
  /**
   * A new page in a browser context of its own (the project's options, then `options`), signed in as `email`;
   * closed when the test ends. For tests with several people, each in their own browser.
   */
  signedIn: SignedIn;
}

interface WorkerFixtures {
  sessions: Sessions;
}

const VIEWER = '{ viewer { email } }';

function csrfToken(cookies: { name: string; value: string }[]): string {
  return decodeURIComponent(cookies.find((cookie) => cookie.name === 'recoup_csrf')?.value ?? '');
}

/** Whether the session `request` holds is still `email`'s, asked of the server. */
async function stillSignedIn(request: APIRequestContext, email: string): Promise<boolean> {
  const { cookies } = await request.storageState();
  if (!cookies.some((cookie) => cookie.name === 'recoup_session')) return false;
  const response = await request.post('/graphql', {
    data: { query: VIEWER },
    headers: { 'X-CSRF-Token': csrfToken(cookies) },
  });
  if (!response.ok()) return false;
  const body = (await response.json().catch(() => null)) as { data?: { viewer?: { email?: string } | null } } | null;
  return body?.data?.viewer?.email === email;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  sessions: [
    async ({ playwright }, use, workerInfo) => {
      const baseURL = workerInfo.project.use.baseURL;
      if (!baseURL) throw new Error('The e2e fixtures need a baseURL (playwright.config.ts).');
      const origin = new URL(baseURL).origin;
      const folder = path.join(workerInfo.project.outputDir, '.sessions');
      mkdirSync(folder, { recursive: true });
      const fileOf = (email: string) =>
        path.join(folder, `worker${workerInfo.parallelIndex}-${email.replace(/[^a-z0-9.@-]+/gi, '_')}.json`);

      async function valid(file: string, email: string): Promise<boolean> {
        if (!existsSync(file)) return false;
        const request = await playwright.request.newContext({ baseURL, storageState: file });
        try {
          return await stillSignedIn(request, email);
        } finally {
          await request.dispose();
        }
      }

      async function signIn(file: string, email: string): Promise<void> {
        // As the sign-in form does: JSON from Recoup's own origin (the route refuses anything else).
        const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Origin: origin } });
        try {
          const response = await request.post('/auth/login', {
            data: { email, password: DEMO_PASSWORD },
            headers: { Accept: 'application/json' },
          });
          expect(response.status(), `signing in ${email}: ${await response.text()}`).toBe(200);
          const { cookies } = await request.storageState();
          expect(cookies.map((cookie) => cookie.name)).toEqual(expect.arrayContaining(['recoup_session', 'recoup_csrf']));
          await request.storageState({ path: file });
        } finally {
          await request.dispose();
        }
      }

      await use({
        async stateFor(email) {
          const file = fileOf(email);
          if (!(await valid(file, email))) await signIn(file, email);
          return file;
        },
      });
    },
    { scope: 'worker' },
  ],

  user: [undefined, { option: true }],

  storageState: async ({ user, sessions, storageState }, use) => {
    await use(user ? await sessions.stateFor(user) : storageState);
  },

  signedIn: async ({ browser, sessions }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (email, options = {}) => {
      const context = await browser.newContext({ ...options, storageState: await sessions.stateFor(email) });
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});
