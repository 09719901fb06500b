import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const junitFile = process.env.JUNIT_FILE;

export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    // Test files share a worker's module cache instead of importing React, Mantine and jsdom again for each
    // of the 46 files: 70 s of CPU became 14 s. Every file leaves the globals as it found them (setup.ts
    // unmounts after each test; the files unstub what they stub, restore real timers and TZ) and no module
    // mocks are used; the suite passes with its files in any order and in one worker or several.
    isolate: false,
    // A ceiling for a machine under load (the default 5 s failed there); waiting is on what the page shows.
    testTimeout: 30_000,
    reporters: junitFile ? ['default', 'junit'] : ['default'],
    outputFile: junitFile ? { junit: junitFile } : undefined,
  },
});
