import { expect, test, type Browser, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { DEMO_PASSWORD } from './demo';
import { offlineReady } from './phone';

// Members of one branch (综合办公室党支部) that no other spec writes talks for: 孙丽华
// writes, 吴泽宇 is named, 郑雅琴 is neither; 林晓岚 is the branch secretary.
const A = { login: 'sunlihua', name: '孙丽华' };
const B = { login: 'wuzeyu', name: '吴泽宇' };
const C = { login: 'zhengyaqin', name: '郑雅琴' };
const SECRETARY = { login: 'linxiaolan', name: '林晓岚' };
const TOPICS = '谈工作中的困难和下一步学习打算';
const FOLLOW_UP = '月底前提交一份学习体会';

async function logIn(page: Page, login: string) {
  await page.goto('/login');
  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: '首页', exact: true })).toBeVisible();
}

async function phone(browser: Browser) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return { context, page: await context.newPage() };
}

function inTwoWeeks(): string {
  const d = new Date(Date.now() + 14 * 86_400_000 + 8 * 3_600_000);
  return d.toISOString().slice(0, 10);
}

test('a talk written offline is confirmed by its counterpart, counts for coverage, and stays private', async ({
  page,
  context,
  browser,
}) => {
  // A: online once, so the app shell and the branch roster are on the phone.
  await logIn(page, A.login);
  // The whole app is on the phone once the service worker's idle precache has run.
  await offlineReady(page);
  await page.getByRole('link', { name: '谈话', exact: true }).click();
  await expect(page.getByRole('heading', { name: '我的谈话记录', exact: true })).toBeVisible();
  await expect(page.getByTestId('still-to-talk')).toContainText(B.name);

  await context.setOffline(true);
  await page.getByRole('link', { name: '记一次谈话', exact: true }).click();
  await expect(page.getByRole('checkbox', { name: new RegExp(B.name) })).toBeVisible();

  // No counterpart: refused on the phone under the field, and what was typed stays.
  await page.getByLabel('谈话内容', { exact: true }).fill(TOPICS);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('#counterparts-error')).toHaveText('请填写谈话对象');
  await expect(page.getByLabel('谈话内容', { exact: true })).toHaveValue(TOPICS);

  await page.getByRole('checkbox', { name: new RegExp(B.name) }).check();
  await page.getByLabel('谈话类型', { exact: true }).selectOption('heart_to_heart');
  await page.getByLabel('谈话地点', { exact: true }).fill('党员活动室');
  await page.getByLabel('整改或跟进事项', { exact: true }).fill(FOLLOW_UP);
  await page.getByLabel('跟进期限', { exact: true }).fill(inTwoWeeks());
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByTestId('saved-notice')).toHaveText(/^(已保存在本机，联网后自动同步|已保存并同步)$/);
  const mine = page.getByRole('link', { name: new RegExp(B.name) });
  await expect(mine).toContainText('待确认');
  await expect(page.getByTestId('sync-status')).toContainText('1 条待同步');

  await context.setOffline(false);
  await expect(page.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 });

  // The follow-up shows on A's 首页 until it is marked done.
  await page.getByRole('link', { name: '首页', exact: true }).click();
  await expect(page.getByTestId('follow-ups')).toContainText(FOLLOW_UP);

  // B, on their own phone, finds the talk and confirms it.
  const b = await phone(browser);
  await logIn(b.page, B.login);
  await b.page.getByRole('link', { name: '谈话', exact: true }).click();
  const talk = b.page.getByRole('link', { name: new RegExp(A.name) });
  await expect(talk).toContainText('待确认');
  await talk.click();
  await expect(b.page.getByText(TOPICS)).toBeVisible();
  // The writer is named once, as the writer; the counterpart reads themself as the one talked with.
  await expect(b.page.getByTestId('talk-with')).toHaveText(B.name);
  await b.page.getByRole('button', { name: '确认无误', exact: true }).click();
  // Saved on the phone first (the status shows at once), then sent; the answer replaces the form.
  await expect(b.page.locator('.talk-detail .talk-status')).toHaveText('已确认');
  await expect(b.page.getByTestId('my-answer')).toHaveText('你已确认此记录无误');
  await expect(b.page.getByRole('button', { name: '确认无误', exact: true })).toBeHidden();
  await expect(b.page.getByRole('button', { name: '修改我的答复', exact: true })).toBeVisible();
  await expect(b.page.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 });
  await b.page.getByRole('link', { name: '返回', exact: true }).click();
  await expect(b.page.getByRole('link', { name: new RegExp(A.name) })).toContainText('已确认');
  await b.context.close();

  // The secretary's coverage has the pair done; the list has the talk but not its content.
  const s = await phone(browser);
  await logIn(s.page, SECRETARY.login);
  await s.page.goto('/talks/branch');
  await expect(s.page.getByRole('heading', { name: '谈心谈话覆盖情况', exact: true })).toBeVisible();
  // Open pairs come first, one line per member; the done ones are folded.
  await expect(s.page.getByTestId('pairs-done')).toBeHidden();
  await s.page.getByText(/^已完成的 \d+ 对$/).click();
  await expect(s.page.getByTestId('pairs-done')).toContainText(
    new RegExp(`${A.name} — ${B.name}|${B.name} — ${A.name}`),
  );
  await expect(s.page.getByRole('listitem').filter({ hasText: `${A.name} → ${B.name}` })).toContainText('已确认');
  await expect(s.page.getByText(TOPICS)).toHaveCount(0);
  await s.context.close();

  // A sees the confirmation and marks the follow-up done; it leaves 首页.
  await page.getByRole('link', { name: '谈话', exact: true }).click();
  await expect(mine).toContainText('已确认');
  await mine.click();
  await page.getByRole('button', { name: '跟进事项已完成', exact: true }).click();
  await expect(page.getByRole('button', { name: '跟进事项已完成', exact: true })).toBeHidden();
  await expect(page.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 });
  await page.getByRole('link', { name: '首页', exact: true }).click();
  await expect(page.getByTestId('follow-ups')).not.toContainText(FOLLOW_UP);

  // C, of the same branch, sees nothing of it: not in the app, not through the API.
  const c = await phone(browser);
  await logIn(c.page, C.login);
  await c.page.getByRole('link', { name: '谈话', exact: true }).click();
  await expect(c.page.getByText('还没有谈话记录。')).toBeVisible();
  await expect(c.page.getByRole('link', { name: new RegExp(A.name) })).toHaveCount(0);
  const pull = await c.context.request.get('/api/v1/sync/pull?since=0');
  expect(pull.status()).toBe(200);
  const rows = (await pull.json()).rows as { kind: string }[];
  expect(rows.filter((r) => r.kind === 'talk' || r.kind === 'talk_confirmation')).toEqual([]);
  expect(JSON.stringify(rows)).not.toContain(TOPICS);
  const overview = await c.context.request.get('/api/v1/branch/talks');
  expect(overview.status()).toBe(403);
  await c.context.close();
});

test('the talk pages fit 360 px with 44 px targets and no detectable accessibility violations', async ({
  browser,
}) => {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await logIn(page, SECRETARY.login);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  await page.goto('/talks/new');
  const picks = page.locator('.pick');
  await expect(picks.first()).toBeVisible();
  for (const box of await picks.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()))) {
    expect(box.height).toBeGreaterThanOrEqual(44);
  }
  expect(await overflow()).toBeLessThanOrEqual(0);
  const form = await new AxeBuilder({ page }).analyze();
  expect(form.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  await page.goto('/talks/branch');
  await expect(page.getByRole('heading', { name: '谈心谈话覆盖情况', exact: true })).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  const branch = await new AxeBuilder({ page }).analyze();
  expect(branch.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await context.close();
});
