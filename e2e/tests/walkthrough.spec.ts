import { expect, test, type Page } from '@playwright/test';
import { PHONE, logIn } from './phone';

// What the walkthrough at 390×844 found, checked on every page it named: no form control
// with text under 16 px (iOS zooms in on focus) or square corners, every button and fold
// at least 44 px tall.
async function checkControls(page: Page, path: string) {
  const found = await page.evaluate(() => {
    const visible = (e: Element) => (e as HTMLElement).offsetParent !== null;
    const controls = [...document.querySelectorAll('input, select, textarea')]
      .filter((e) => !['checkbox', 'radio', 'hidden', 'range'].includes((e as HTMLInputElement).type))
      .filter(visible)
      .map((e) => {
        const s = getComputedStyle(e);
        return { id: e.id || e.tagName, size: parseFloat(s.fontSize), radius: parseFloat(s.borderTopLeftRadius) };
      });
    const targets = [...document.querySelectorAll('.button, summary, label.check')]
      .filter(visible)
      .map((e) => ({ text: (e.textContent ?? '').trim(), height: e.getBoundingClientRect().height }));
    return { controls, targets };
  });
  for (const c of found.controls) {
    expect(c.size, `${path} #${c.id} font size`).toBeGreaterThanOrEqual(16);
    expect(c.radius, `${path} #${c.id} corners`).toBeGreaterThan(0);
  }
  for (const t of found.targets) expect(t.height, `${path} ${t.text}`).toBeGreaterThanOrEqual(44);
  return found.controls.length;
}

test('the secretary pages and the member forms: 16 px controls with rounded corners, 44 px targets', async ({
  browser,
}) => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await logIn(page, 'linxiaolan');
  let controls = 0;
  for (const path of ['/events/new', '/events/settings', '/talks/new', '/study/new', '/me', '/me/feedback']) {
    await page.goto(path);
    await expect(page.locator('main input, main select, main textarea').first()).toBeVisible();
    controls += await checkControls(page, path);
  }
  // 我的: the account rows keep 所在支部 on one readable line; links drawn as buttons are
  // not underlined.
  await page.goto('/me');
  const branch = page.locator('.account-facts > div', { hasText: '所在支部' }).locator('dd');
  expect((await branch.boundingBox())!.width).toBeGreaterThan(150);
  for (const decoration of await page
    .locator('a.button')
    .evaluateAll((els) => els.map((e) => getComputedStyle(e).textDecorationLine)))
    expect(decoration).toBe('none');
  await page.goto('/pledges/branch');
  await page.getByText('发布承诺模板', { exact: true }).click();
  await expect(page.getByLabel('标题')).toBeVisible();
  controls += await checkControls(page, '/pledges/branch');
  // The settings page's rules form alone has over 20 fields.
  expect(controls).toBeGreaterThan(30);
  await context.close();

  const anonymous = await browser.newContext(PHONE);
  const first = await anonymous.newPage();
  await first.goto('/activate');
  await expect(first.getByLabel('激活码')).toBeVisible();
  await checkControls(first, '/activate');
  await anonymous.close();
});

test('首页 lists the pledges to sign under their own heading, as 44 px links; the signed text holds no filling-in instructions', async ({
  browser,
}) => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await logIn(page, 'zhengyaqin');
  const due = page.getByTestId('due-pledges');
  await expect(due.getByRole('heading', { name: '待签署的承诺' })).toBeVisible();
  const links = due.getByRole('link');
  await expect(links.first()).toBeVisible();
  for (const box of await links.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height)))
    expect(box).toBeGreaterThanOrEqual(44);
  // The demo's 承诺践诺: what is signed is the pledge itself; how to fill it in is the form's hint.
  // The demo's own template, not one another spec published under a longer title.
  await due.getByRole('link', { name: /年度党员承诺践诺(?!（)/ }).click();
  await expect(page.locator('.pledge-body')).toContainText('公开承诺');
  await expect(page.locator('.pledge-body')).not.toContainText('逐条填写');
  await expect(page.getByText('每条写一项承诺')).toBeVisible();
  await context.close();
});
