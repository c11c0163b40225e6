import { expect, test, type Page } from '@playwright/test';
import { DEMO_MEMBER } from './demo';
import { logIn } from './phone';

// An offline reload must look like an online one: every stylesheet comes from the service
// worker, under the hashed name this build's index.html gives it. Run against the release
// build that `cargo xtask run` serves (minified HTML, hashed names, compressed copies).

/** Each stylesheet the page has, by the name it had before the build hashed it, with
 * whether its rules were read. */
async function sheets(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const sheet of Array.from(document.styleSheets)) {
      const name = new URL(sheet.href ?? 'inline:', location.href).pathname.replace(/\.[0-9a-f]{16}\.css$/, '.css');
      out[name] = sheet.cssRules.length;
    }
    return out;
  });
}

/** A style only each file gives, read from the page as drawn. */
async function styleFromEachFile(page: Page) {
  return page.evaluate(() => {
    const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
    return {
      tokens: getComputedStyle(document.documentElement).getPropertyValue('--c-primary').trim(),
      layout: style('.app-header').position,
      components: style('.card').borderTopLeftRadius,
      pages: style('.notice').borderTopLeftRadius,
    };
  });
}

test('an offline reload keeps every stylesheet, and so does coming back online', async ({ page, context }) => {
  await logIn(page, DEMO_MEMBER.login);
  await page.getByRole('link', { name: '学习', exact: true }).click();
  await expect(page.getByTestId('year-hours')).toBeVisible();
  const online = await styleFromEachFile(page);
  expect(online.tokens).toBe('#b71c1c');
  expect(online.layout).toBe('sticky');
  expect(online.components).not.toBe('0px');
  expect(online.pages).not.toBe('0px');
  const linked = await sheets(page);
  for (const file of ['/tokens.css', '/layout.css', '/components.css', '/pages.css']) {
    expect(linked[file], `${file} applied online`).toBeGreaterThan(0);
  }

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('year-hours')).toBeVisible();
  expect(await sheets(page)).toEqual(linked);
  expect(await styleFromEachFile(page)).toEqual(online);

  await context.setOffline(false);
  await page.reload();
  await expect(page.getByTestId('year-hours')).toBeVisible();
  expect(await styleFromEachFile(page)).toEqual(online);
});
