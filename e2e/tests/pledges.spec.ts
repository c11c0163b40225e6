import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { phone, synced } from './phone';

// Pledges end to end, on phones (390×844): the secretary publishes a 承诺践诺 template; a
// member writes two commitments, goes offline, signs by drawing with the mouse, and comes
// back online; the server verifies the hash; the print view shows the signature; the
// member records a 践诺 entry; the secretary sees the member as signed.
//
// Members used here and nowhere else: liusiyuan.

const MEMBER = { login: 'liusiyuan', name: '刘思源' };
const SECRETARY = { login: 'linxiaolan', name: '林晓岚' };

/** Draws a signature-like zigzag across the pad with the mouse. */
async function noAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

async function drawSignature(page: Page) {
  const pad = page.locator('canvas.signature-canvas');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  await page.mouse.move(...at(0.1, 0.6));
  await page.mouse.down();
  for (const [fx, fy] of [
    [0.2, 0.3],
    [0.3, 0.7],
    [0.45, 0.35],
    [0.6, 0.65],
    [0.75, 0.3],
    [0.9, 0.55],
  ]) {
    await page.mouse.move(...at(fx, fy), { steps: 4 });
  }
  await page.mouse.up();
}

test('publish, write two commitments, sign offline, verify, print, follow through, and the secretary sees it', async ({
  browser,
}) => {
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const title = `${year}年度党员承诺践诺（端到端）`;

  // The secretary publishes the template.
  const [secretaryContext, secretary] = await phone(browser, SECRETARY.login);
  await publishTemplate(secretary, title);

  // The member opens it and writes two commitments.
  const [memberContext, member] = await phone(browser, MEMBER.login);
  await expect(member.getByTestId('due-pledges')).toContainText(title);
  await member.getByRole('link', { name: '承诺', exact: true }).click();
  const item = member.getByRole('listitem').filter({ hasText: title });
  await expect(item).toContainText('未签署');
  await item.getByRole('link').click();
  await expect(member.getByRole('heading', { name: title })).toBeVisible();
  await member.locator('.item-text').first().fill('每月走访联系群众至少一次');
  await member.getByRole('button', { name: '添加一项承诺' }).click();
  await member.locator('.item-text').nth(1).fill('全年精读理论书籍四本并撰写心得');
  // Items are numbered by their labels, in a group without the browser's grey border.
  await expect(member.getByLabel('承诺事项 2', { exact: true })).toHaveValue('全年精读理论书籍四本并撰写心得');
  expect(await member.locator('fieldset.pledge-items').evaluate((e) => getComputedStyle(e).borderTopWidth)).toBe('0px');
  // What is typed survives a reload before anything is saved.
  await member.reload();
  await expect(member.locator('.item-text')).toHaveCount(2);
  await expect(member.locator('.item-text').nth(1)).toHaveValue('全年精读理论书籍四本并撰写心得');
  await noAxeViolations(member);

  // Offline: sign by hand, and the version is saved on the phone.
  await memberContext.setOffline(true);
  await member.getByRole('button', { name: '确认签署' }).click();
  await expect(member.locator('#signature-error')).toHaveText('请在签名区手写签名');
  await drawSignature(member);
  await member.getByRole('button', { name: '确认签署' }).click();
  await expect(member.getByText('已签署并保存在本机')).toBeVisible();
  await expect(member.getByText('本机校验：全文与签署时一致')).toBeVisible();
  await expect(member.getByTestId('sync-status')).toContainText('条待同步');
  const pledgeId = member.url().match(/\/pledges\/([0-9a-f-]{36})/)![1];
  const localHash = (await member.getByTestId('pledge-hash').textContent())!.trim();
  await noAxeViolations(member);
  expect(localHash).toMatch(/^[0-9a-f]{64}$/);

  // Online: it syncs, and the server recomputes the same hash from the text it holds.
  await memberContext.setOffline(false);
  await synced(member);
  await member.getByRole('button', { name: '请服务器校验' }).click();
  await expect(member.getByTestId('verify-result')).toHaveText('服务器校验：全文与签署时一致');
  const verify = await memberContext.request.get(`/api/v1/pledges/${pledgeId}/verify`);
  expect(verify.status()).toBe(200);
  const v = await verify.json();
  expect(v.matches).toBe(true);
  expect(v.stored_hash).toBe(localHash);
  expect(v.received_at).toBeGreaterThan(0);

  // The print view: the sheet with the signature's path and the hash, no app chrome.
  await member.getByRole('link', { name: '打印' }).click();
  await expect(member).toHaveURL(new RegExp(`/pledges/${pledgeId}/print$`));
  await expect(member.getByRole('heading', { name: title })).toBeVisible();
  const path = member.locator('.print-sheet svg.signature-svg path');
  await expect(path).toHaveAttribute('d', /^M\d+ \d+ /);
  await expect(member.locator('.print-sheet')).toContainText(localHash);
  await expect(member.locator('.print-sheet')).toContainText('每月走访联系群众至少一次');
  await expect(member.locator('nav')).toHaveCount(0);
  await noAxeViolations(member);
  await member.emulateMedia({ media: 'print' });
  await expect(member.locator('.print-actions')).toBeHidden();
  await expect(path).toBeVisible();
  await member.emulateMedia({ media: 'screen' });

  // 践诺: an entry on the second commitment.
  await member.getByRole('link', { name: '返回' }).click();
  await member.getByLabel('承诺事项', { exact: true }).selectOption('1');
  // 未完成 needs its reason: named under the field, the entry not saved.
  await member.getByLabel('践诺状态').selectOption('not_done');
  await member.getByRole('button', { name: '保存', exact: true }).click();
  await expect(member.locator('#not_done_reason-error')).toHaveText('请填写未完成原因');
  await expect(member.getByTestId('follow-totals')).toContainText('践诺记录 0 条');
  await member.getByLabel('践诺状态').selectOption('done');
  await member.getByRole('textbox', { name: '践诺情况' }).fill('已读完四本，心得在支部交流');
  await member.getByRole('button', { name: '保存', exact: true }).click();
  await expect(member.getByTestId('follow-totals')).toContainText('践诺记录 1 条');
  await expect(member.locator('.follow-item').nth(1)).toContainText('已读完四本');
  await synced(member);

  await member.getByRole('link', { name: '首页', exact: true }).click();
  await expect(member.getByRole('heading', { name: '首页', exact: true })).toBeVisible();
  await expect(member.getByTestId('due-pledges')).not.toContainText(title);

  // The secretary sees the member as signed, with the entry counted.
  const overview = await secretaryContext.request.get(`/api/v1/branch/pledges?year=${year}`);
  expect(overview.status()).toBe(200);
  const o = await overview.json();
  const t = o.templates.find((t: any) => t.title === title);
  const m = o.members.find((m: any) => m.name === MEMBER.name);
  const status = m.pledges[o.templates.indexOf(t)];
  expect(status.pledge_id).toBe(pledgeId);
  expect(status.follow.done).toBe(1);
  await secretaryOverviewShowsSigned(secretary, title, MEMBER.name);

  // An amendment is a new signed version pointing at the old one; both stay readable.
  await member.goto(`/pledges/${pledgeId}`);
  await member.getByRole('link', { name: '修订' }).click();
  await expect(member.getByRole('heading', { name: '修订承诺（原签署版本保留）' })).toBeVisible();
  await expect(member.locator('.item-text')).toHaveCount(2);
  await member.getByRole('button', { name: '添加一项承诺' }).click();
  await member.locator('.item-text').nth(2).fill('带头参加志愿服务');
  await drawSignature(member);
  await member.getByRole('button', { name: '确认签署' }).click();
  await expect(member.getByText('此版本修订了之前签署的版本。')).toBeVisible();
  await expect(member.locator('.pledge-items-signed li')).toHaveCount(3);
  // The 践诺 entry on the kept commitment counts on the new version too.
  await expect(member.getByTestId('follow-totals')).toContainText('践诺记录 1 条');
  await expect(member.locator('.follow-item').nth(1)).toContainText('已读完四本');
  await synced(member);
  const amendedId = member.url().match(/\/pledges\/([0-9a-f-]{36})/)![1];
  expect(amendedId).not.toBe(pledgeId);
  await member.getByRole('link', { name: '查看原版本' }).click();
  await expect(member.getByText('此版本已被修订。')).toBeVisible();
  await expect(member.locator('.pledge-items-signed li')).toHaveCount(2);
  await expect(member.getByRole('link', { name: '修订' })).toBeHidden();
  await expect(member.getByRole('button', { name: '保存', exact: true })).toBeHidden();
  const after = await (await secretaryContext.request.get(`/api/v1/branch/pledges?year=${year}`)).json();
  const now = after.members.find((m: any) => m.name === MEMBER.name).pledges[o.templates.indexOf(t)];
  expect(now.pledge_id).toBe(amendedId);
  expect(now.versions).toBe(2);
  expect(now.items).toBe(3);
  expect(now.follow.done).toBe(1);

  await memberContext.close();
  await secretaryContext.close();
});

/** The secretary publishes a 承诺践诺 template on 支部承诺践诺 (saved on the phone, then synced). */
async function publishTemplate(page: Page, title: string) {
  await page.getByRole('link', { name: '承诺', exact: true }).click();
  await page.getByRole('link', { name: '支部承诺践诺' }).click();
  // Who has signed comes first; the form is folded until opened.
  await expect(page.getByRole('heading', { name: '签署与践诺情况' })).toBeInViewport();
  await expect(page.getByLabel('标题')).toBeHidden();
  await page.getByText('发布承诺模板', { exact: true }).click();
  await page.getByLabel('承诺类型').selectOption('commitment');
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('正文').fill('我志愿做到：\n立足岗位作表率，服务群众当先锋。');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByTestId('templates')).toContainText(title);
  await synced(page);
}

/** The secretary's overview lists the member as signed under the template. */
async function secretaryOverviewShowsSigned(page: Page, title: string, name: string) {
  await page.reload();
  // Under 尚有承诺未签署 or folded among those who signed everything.
  const card = page.locator('.member-pledge').filter({ hasText: name });
  const row = card.locator('.pledge-status').filter({ hasText: title });
  await expect(row).toHaveClass(/(^|\s)signed(\s|$)/);
  await expect(row).toContainText('已签署');
  await expect(row).toContainText('已完成 1');
}
