import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const junitFile = process.env.JUNIT_FILE;

export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    reporters: junitFile ? ['default', 'junit'] : ['default'],
    outputFile: junitFile ? { junit: junitFile } : undefined,
  },
});
