import { defineConfig } from '@playwright/test';

// The Makefile starts the backend (which serves the built frontend) before
// running these specs, so there is no webServer here. Browsers are never
// downloaded: the system Chromium is used.
const junitFile = process.env.PLAYWRIGHT_JUNIT_OUTPUT_NAME;

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: junitFile ? [['list'], ['junit', { outputFile: junitFile }]] : [['list']],
  // Desktop runs every spec; a phone held upright (390 px) runs the customer's journeys written for it.
  projects: [
    { name: 'desktop', testIgnore: /\.phone\.spec\.ts$/, use: { viewport: { width: 1280, height: 800 } } },
    { name: 'phone', testMatch: /\.phone\.spec\.ts$/, use: { viewport: { width: 390, height: 844 }, hasTouch: true } },
  ],
  use: {
    baseURL: process.env.RECOUP_E2E_BASE_URL ?? 'http://127.0.0.1:8000',
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.RECOUP_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
