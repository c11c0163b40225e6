import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { DEMO_MEMBER, DEMO_PASSWORD } from './demo';

test('a member is sent to login, logs in, sees 首页, switches to English and logs out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible();

  await page.getByLabel('登录名').fill(DEMO_MEMBER.login);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: '首页' })).toBeVisible();
  await expect(page.getByText(DEMO_MEMBER.name).first()).toBeVisible();

  await page.getByRole('link', { name: '我的' }).click();
  await expect(page).toHaveURL(/\/me$/);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('link', { name: 'Home' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Log in', exact: true })).toBeVisible();

  // The session is gone on the server too, not only in the page.
  const me = await page.request.get('/api/v1/me');
  expect(me.status()).toBe(401);
});

test('a deep link survives login and the language choice survives a reload', async ({ page }) => {
  await page.goto('/study');
  await expect(page).toHaveURL(/\/login\?next=%2Fstudy/);
  await page.getByLabel('登录名').fill(DEMO_MEMBER.login);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/study$/);
  await expect(page.getByRole('heading', { name: '学习', exact: true })).toBeVisible();

  await page.getByRole('link', { name: '我的' }).click();
  await page.getByRole('button', { name: 'English' }).click();
  await page.reload();
  await expect(page.getByRole('link', { name: 'Study', exact: true })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('link', { name: '学习', exact: true })).toBeVisible();
});

test('a wrong password shows the same localised error as an unknown account', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('登录名').fill(DEMO_MEMBER.login);
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  const wrong = page.getByRole('alert');
  await expect(wrong).toContainText('登录名或密码不正确');

  await page.getByLabel('登录名').fill('nobody-here');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('登录名或密码不正确');
  await expect(page).toHaveURL(/\/login/);
});

test('the login page has no automatically detectable accessibility violations', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByLabel('登录名')).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('touch targets are at least 44px and nothing overflows at phone width', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('登录名').fill(DEMO_MEMBER.login);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: '首页' })).toBeVisible();
  const tabs = page.getByRole('navigation').getByRole('link');
  await expect(tabs).toHaveCount(6);
  for (const box of await tabs.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()))) {
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.width).toBeGreaterThanOrEqual(44);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
