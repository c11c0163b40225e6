import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './demo';

// What the specs share: a phone-sized browser, logging in as a demo account, and waiting
// for the phone to have sent everything.

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** Logs in and waits for 首页 and for the service worker to hold the whole app (offline
 * reloads need it). */
export async function logIn(page: Page, login: string) {
  await page.goto('/login');
  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: '首页', exact: true })).toBeVisible();
  await offlineReady(page);
}

/** Waits until the service worker has cached every part of the app: it does so once the
 * first screen is drawn and the phone is idle (public/boot.js, public/sw.js). */
export async function offlineReady(page: Page) {
  await page.waitForFunction(() => (window as any).zhibuOffline === 'ready', null, { timeout: 30_000 });
}

/** A new phone (browser context) logged in as `login`. */
export async function phone(browser: Browser, login: string): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await logIn(page, login);
  return [context, page];
}

export async function synced(page: Page) {
  await expect(page.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 });
}
