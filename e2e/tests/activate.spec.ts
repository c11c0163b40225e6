import { expect, test } from '@playwright/test';
import { PHONE, logIn, synced } from './phone';

// A new member's first login: the secretary adds them and hands over the one-time code;
// on their phone they open 首次使用 from the login page, set a password and are in.
test('a new member activates with the code the secretary handed over and records study', async ({ browser }) => {
  const secretaryPhone = await browser.newContext(PHONE);
  const secretary = await secretaryPhone.newPage();
  await logIn(secretary, 'linxiaolan');
  const me = await (await secretary.request.get('/api/v1/me')).json();
  const login = `xinyuan${Date.now() % 1_000_000}`;
  const created = await secretary.request.post('/api/v1/org/members', {
    data: {
      display_name: '新党员',
      login,
      branch_id: me.branch_id,
      category: 'full',
      joined_party_on: '2020-07-01',
    },
  });
  expect(created.status()).toBe(201);
  const { activation } = await created.json();
  await secretaryPhone.close();

  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByRole('link', { name: '首次使用？用激活码设置密码' }).click();
  await expect(page.getByRole('heading', { name: '首次使用：设置密码' })).toBeVisible();

  // Nothing typed: the first field is named.
  await page.getByRole('button', { name: '设置密码并登录' }).click();
  await expect(page.locator('#login-error')).toHaveText('请填写登录名');

  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('激活码').fill(activation.code);
  // A common password is refused by name, and the code stays usable.
  await page.getByLabel('密码', { exact: true }).fill('1234567890');
  await page.getByRole('button', { name: '设置密码并登录' }).click();
  await expect(page.locator('#password-error')).toContainText('过于常见');
  await expect(page.getByLabel('激活码')).toHaveValue(activation.code);

  await page.getByLabel('密码', { exact: true }).fill('绿水青山就是金山银山2026');
  await page.getByRole('button', { name: '设置密码并登录' }).click();
  await expect(page.getByRole('heading', { name: '首页', exact: true })).toBeVisible();

  await page.getByRole('link', { name: '学习', exact: true }).click();
  await page.getByRole('link', { name: '记一笔学习' }).click();
  await page.getByLabel('时长（分钟）').fill('30');
  await page.getByLabel('学习内容').fill('第一次学习：党章');
  await page.getByRole('button', { name: '保存' }).click();
  await synced(page);
  await expect(page.getByRole('link', { name: /第一次学习：党章/ })).toBeVisible();

  // The code worked once: a second use is refused on the code's field.
  const again = await browser.newContext(PHONE);
  const second = await again.newPage();
  await second.goto('/activate');
  await second.getByLabel('登录名').fill(login);
  await second.getByLabel('激活码').fill(activation.code);
  await second.getByLabel('密码', { exact: true }).fill('另一个足够长的密码2026');
  await second.getByRole('button', { name: '设置密码并登录' }).click();
  await expect(second.locator('#activation_code-error')).toBeVisible();
  await again.close();
  await context.close();
});
