import { expect, test } from '@playwright/test';
import { phone } from './phone';

// 我的 › 登录设备: a member signed in on two phones sees both, this one marked, and signs
// the other out; that phone is sent back to the login page on its next request.
test('a member sees their signed-in devices and signs another one out', async ({ browser }) => {
  const [lostContext, lost] = await phone(browser, 'xuting');
  const [context, page] = await phone(browser, 'xuting');
  await page.getByRole('link', { name: '我的', exact: true }).click();
  const devices = page.getByTestId('device');
  await expect(page.getByRole('heading', { name: '登录设备' })).toBeVisible();
  expect(await devices.count()).toBeGreaterThanOrEqual(2);
  const mine = devices.filter({ hasText: '本机' });
  await expect(mine).toHaveCount(1);
  // This phone ends with 退出登录, not from the list.
  await expect(mine.getByRole('button', { name: '退出该设备' })).toHaveCount(0);

  const others = devices.filter({ hasNotText: '本机' });
  const box = await others.first().getByRole('button', { name: '退出该设备' }).boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  // Every other device signed out, one tap each; this one stays.
  while ((await others.count()) > 0) {
    const before = await devices.count();
    await others.first().getByRole('button', { name: '退出该设备' }).click();
    await expect(devices).toHaveCount(before - 1);
  }
  await expect(devices).toHaveCount(1);

  // The other phone's session is gone on the server.
  expect((await lost.request.get('/api/v1/me')).status()).toBe(401);
  await lostContext.close();
  await context.close();
});
