import { defineConfig } from '@playwright/test';

// Started by `cargo xtask test`, which builds the SPA and the server and passes their
// paths, a free port and a fresh database here.
const port = Number(process.env.ZHIBU_E2E_PORT ?? 8787);
const server = process.env.ZHIBU_SERVER_BIN ?? '../target/debug/zhibu-server';
const dist = process.env.ZHIBU_DIST ?? '../dist';
const db = process.env.ZHIBU_E2E_DB ?? 'sqlite://../target/e2e.db';

// Debian's Chromium: Playwright's own browser download cannot work on this network.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    launchOptions: chromium,
  },
  projects: [
    {
      name: 'phone',
      use: {
        browserName: 'chromium',
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
        userAgent:
          'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
      },
    },
    // Administrators work at a desk. Only specs named `*.desktop.spec.ts` run here; the
    // phone project runs every spec, those included, so such a spec runs at both widths
    // and every other spec still runs once. A spec that opens its own contexts takes the
    // project's size from `testInfo.project.use` rather than PHONE.
    {
      name: 'desktop',
      testMatch: /\.desktop\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        deviceScaleFactor: 1,
        isMobile: false,
        hasTouch: false,
        userAgent:
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      },
    },
  ],
  webServer: {
    command: `${server} --bind 127.0.0.1:${port} --dist ${dist} --database-url ${db} --demo`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
