import { expect, test, type Page, type BrowserContext } from '@playwright/test';
import { DEMO_PASSWORD } from './demo';
import { offlineReady } from './phone';

// Each test uses its own demo member, so what one test writes never changes another's
// counts (the server and its database live for the whole run).
async function logIn(page: Page, login: string) {
  await page.goto('/login');
  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: '首页' })).toBeVisible();
}

async function addStudy(page: Page, topic: string, minutes = '45') {
  await page.getByRole('link', { name: '学习', exact: true }).click();
  await page.getByRole('link', { name: '记一笔学习' }).click();
  await page.getByLabel('时长（分钟）').fill(minutes);
  await page.getByLabel('学习内容').fill(topic);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('saved-notice')).toHaveText(/^(已保存在本机，联网后自动同步|已保存并同步)$/);
  await expect(page.getByRole('link', { name: new RegExp(topic) })).toBeVisible();
}

async function studyRowsOnServer(context: BrowserContext): Promise<string[]> {
  const pull = await context.request.get('/api/v1/sync/pull?since=0');
  expect(pull.status()).toBe(200);
  const body = await pull.json();
  return body.rows
    .filter((r: any) => r.kind === 'study' && !r.deleted)
    .map((r: any) => r.data.data.topic as string);
}

test('study recorded offline survives a reload and reaches the server exactly once', async ({ page, context }) => {
  await logIn(page, 'lixiuying');
  // The whole app is on the phone once the service worker's idle precache has run.
  await offlineReady(page);

  await context.setOffline(true);
  const topics = ['离线学习一：党章', '离线学习二：准则', '离线学习三：条例'];
  for (const topic of topics) await addStudy(page, topic);
  await expect(page.getByTestId('sync-status')).toContainText('3 条待同步');

  // Still offline: the app opens from the service worker and the entries are there.
  await page.reload();
  await expect(page.getByRole('heading', { name: '学习', exact: true })).toBeVisible();
  for (const topic of topics) await expect(page.getByRole('link', { name: new RegExp(topic) })).toBeVisible();
  await expect(page.getByText('待同步', { exact: true })).toHaveCount(3);

  await context.setOffline(false);
  await expect(page.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 });
  await expect(page.getByText('待同步', { exact: true })).toHaveCount(0);
  // The note under the save no longer says it waits once the status line says all is synced.
  await expect(page.getByTestId('saved-notice')).toHaveText('已保存并同步');

  const onServer = await studyRowsOnServer(context);
  expect(onServer.sort()).toEqual([...topics].sort());
  await expect(page.getByTestId('year-hours')).toContainText('3 / 32 学时');
});

test('two devices of one member converge', async ({ page, browser }) => {
  await logIn(page, 'zhanghaifeng');
  await addStudy(page, '手机一：专题讲座');

  const other = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone2 = await other.newPage();
  await logIn(phone2, 'zhanghaifeng');
  await phone2.getByRole('link', { name: '学习', exact: true }).click();
  await expect(phone2.getByRole('link', { name: /手机一：专题讲座/ })).toBeVisible();
  await addStudy(phone2, '手机二：网络学习');
  await expect(phone2.getByTestId('sync-status')).toContainText('已全部同步');

  // The first phone picks the change up when it syncs again (here: coming back to the page).
  await page.reload();
  await expect(page.getByRole('link', { name: /手机二：网络学习/ })).toBeVisible();
  expect((await studyRowsOnServer(other)).sort()).toEqual(['手机一：专题讲座', '手机二：网络学习'].sort());
  await other.close();
});

test('a bad study record is refused on the phone with the field named, and nothing is saved', async ({ page, context }) => {
  await logIn(page, 'liusiyuan');
  await page.getByRole('link', { name: '学习', exact: true }).click();
  await page.getByRole('link', { name: '记一笔学习' }).click();
  await page.getByLabel('时长（分钟）').fill('0');
  await page.getByLabel('学习内容').fill('有内容');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('请填写时长（分钟）')).toBeVisible();
  await page.getByLabel('时长（分钟）').fill('60');
  await page.getByLabel('学习内容').fill('');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('请填写学习内容')).toBeVisible();
  await expect(page).toHaveURL(/\/study\/new$/);
  expect(await studyRowsOnServer(context)).toEqual([]);
});

test('a secretary publishes a study requirement and a member ticks it off', async ({ page, browser }) => {
  await logIn(page, 'linxiaolan');
  await page.getByRole('link', { name: '学习', exact: true }).click();
  await page.getByLabel('标题').fill('学习党的二十届四中全会精神');
  await page.getByLabel('完成期限').fill('2026-12-31');
  await page.getByRole('button', { name: '发布' }).click();
  await expect(page.getByText('学习党的二十届四中全会精神')).toBeVisible();
  await expect(page.getByTestId('sync-status')).toContainText('已全部同步');

  const member = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await member.newPage();
  await logIn(phone, 'zhaomingxuan');
  await expect(phone.getByText('学习党的二十届四中全会精神')).toBeVisible();
  await phone.getByRole('link', { name: '学习', exact: true }).click();
  const tick = phone.getByRole('button', { name: '标记已学' });
  await tick.click();
  await expect(phone.getByRole('button', { name: '已学', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(phone.getByTestId('sync-status')).toContainText('已全部同步');
  await addStudy(phone, '专题党课：四中全会精神', '90');
  await expect(phone.getByTestId('sync-status')).toContainText('已全部同步');
  await member.close();

  // The secretary's overview is derived from those entries: nobody re-enters anything.
  await page.getByRole('link', { name: '支部学习情况' }).click();
  await expect(page).toHaveURL(/\/study\/branch$/);
  const row = page.getByRole('listitem').filter({ hasText: '赵明轩' });
  await expect(row).toContainText('2 / 32 学时');
  await expect(row).toContainText('1/1');
  // A plain member cannot open it.
  const other = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const memberPage = await other.newPage();
  await logIn(memberPage, 'sunlihua');
  await memberPage.goto('/study/branch');
  await expect(memberPage.getByText('只有支部书记和支委可以查看')).toBeVisible();
  expect((await other.request.get('/api/v1/branch/study?year=2026')).status()).toBe(403);
  await other.close();
});

test('a study record that covers a plan item ticks it off', async ({ page, browser }) => {
  await logIn(page, 'chenzhiyuan');
  await page.getByRole('link', { name: '学习', exact: true }).click();
  await page.getByLabel('标题').fill('学习《中国共产党纪律处分条例》');
  await page.getByLabel('完成期限').fill('2026-12-20');
  await page.getByRole('button', { name: '发布' }).click();
  await expect(page.getByTestId('sync-status')).toContainText('已全部同步');

  const member = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await member.newPage();
  await logIn(phone, 'wuzeyu');
  await phone.getByRole('link', { name: '学习', exact: true }).click();
  await expect(phone.getByText('学习《中国共产党纪律处分条例》')).toBeVisible();
  await phone.getByRole('link', { name: '记一笔学习' }).click();
  await phone.getByLabel('学习内容').fill('逐条学习纪律处分条例');
  await phone.getByLabel('学习计划条目').selectOption({ label: '学习《中国共产党纪律处分条例》' });
  await phone.getByRole('button', { name: '保存' }).click();
  await expect(phone.getByRole('button', { name: '已学', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(phone.getByTestId('sync-status')).toContainText('已全部同步');
  await member.close();
});
