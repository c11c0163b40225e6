import { expect, test } from '@playwright/test';
import { PHONE, logIn, synced } from './phone';

// 我的 › 意见建议: written offline too, sent once online; the administrators answer; the
// branch's secretary never reads it.
test('a member sends a suggestion offline, the administrators answer it, the secretary cannot read it', async ({
  browser,
}) => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await logIn(page, 'gaoyuan');
  await page.getByRole('link', { name: '我的', exact: true }).click();
  await page.getByRole('link', { name: '提意见建议、看答复', exact: true }).click();
  await expect(page.getByRole('heading', { name: '意见建议', exact: true })).toBeVisible();

  // Nothing typed: named under the field.
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page.locator('#text-error')).toHaveText('请填写内容');

  const text = `建议支部学习资料增加音频版本，方便通勤时收听（e2e ${Date.now()}）`;
  await context.setOffline(true);
  await page.getByLabel('类型').selectOption('suggestion');
  await page.getByLabel('内容').fill(text);
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await expect(page.getByTestId('saved-notice')).toHaveText('已保存在本机，联网后自动同步');
  const item = page.getByTestId('feedback-item').filter({ hasText: text });
  await expect(item.getByTestId('feedback-status')).toHaveText('已提交');
  await context.setOffline(false);
  await synced(page);

  // The feedback's id on the server, as the administrators list it.
  const admin = await browser.newContext(PHONE);
  const adminPage = await admin.newPage();
  await logIn(adminPage, 'admin');
  const listed = await (await adminPage.request.get('/api/v1/org/feedback')).json();
  const mine = listed.items.find((f: any) => f.feedback.text === text);
  expect(mine.status).toBe('sent');
  const reply = await adminPage.request.post(`/api/v1/org/feedback/${mine.id}/reply`, {
    data: { answer: '感谢建议，已请宣传委员整理音频资料。', close: false },
  });
  expect(reply.ok()).toBe(true);
  await admin.close();

  // The branch's secretary is refused the list.
  const secretary = await browser.newContext(PHONE);
  const secretaryPage = await secretary.newPage();
  await logIn(secretaryPage, 'hezhendong');
  expect((await secretaryPage.request.get('/api/v1/org/feedback')).status()).toBe(403);
  await secretary.close();

  // The answer reaches the member's phone on the next sync.
  await page.reload();
  await expect(item.getByTestId('feedback-status')).toHaveText('已答复', { timeout: 20_000 });
  await expect(item.getByTestId('feedback-reply')).toContainText('已请宣传委员整理音频资料');
  await context.close();
});
