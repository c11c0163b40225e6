import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_MEMBER, DEMO_PASSWORD } from './demo';
import { PHONE, logIn, offlineReady } from './phone';

// The release wasm is split (cargo xtask spa-wasm): the login page needs only the main
// module; 首页 and the sync engine come in one file (their chunks joined), each other part
// of the app (学习, 承诺, 谈话, 活动, 我的) brings its own chunks on first use, and the
// service worker fetches every other chunk once 首页 is drawn and the phone is idle, so
// pages never opened before still open offline after the first visit.

function wasmRequests(page: import('@playwright/test').Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.wasm') || path.endsWith('.bin')) seen.push(path);
  });
  return seen;
}

// Chunks sit under the build's own folder, so an older page never loads a newer chunk.
const chunk = (name: string) => new RegExp(`^/wasm/[0-9a-f]{16}/split_${name}\\.wasm$`);
const firstScreen = /^\/wasm\/[0-9a-f]{16}\/first-screen\.bin$/;

test('the login page loads only the main wasm; 首页 and the engine come in one file, each other part with its own chunks', async ({ page }) => {
  const seen = wasmRequests(page);
  await page.goto('/');
  await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible();
  // Named by its content's hash (cargo xtask spa-finish), so it is cached for a year.
  expect(seen).toHaveLength(1);
  expect(seen[0]).toMatch(/^\/zhibu_bg\.[0-9a-f]{16}\.wasm$/);

  await page.getByLabel('登录名').fill(DEMO_MEMBER.login);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('link', { name: '记一笔学习', exact: true })).toBeVisible();
  // The engine has read the phone's store and synced.
  await expect(page.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 });
  // One request brings both, and none of their chunks is asked for on its own.
  expect(seen.filter((p) => firstScreen.test(p))).toHaveLength(1);
  expect(seen.some((p) => chunk('home').test(p) || chunk('sync_engine').test(p))).toBe(false);
  expect(seen.some((p) => chunk('talks').test(p))).toBe(false);

  await page.getByRole('link', { name: '谈话', exact: true }).click();
  await expect(page.getByRole('heading', { name: '我的谈话记录', exact: true })).toBeVisible();
  expect(seen.some((p) => chunk('talks').test(p))).toBe(true);
});

test('pages never opened before open offline from the service worker', async ({ page, context }) => {
  await logIn(page, DEMO_MEMBER.login);
  // …except 管理's, which needs the server anyway: a member's phone never fetches it.
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const key of await caches.keys()) {
      for (const r of await (await caches.open(key)).keys()) urls.push(new URL(r.url).pathname);
    }
    return urls;
  });
  expect(cached.some((p) => chunk('events').test(p))).toBe(true);
  expect(cached.some((p) => chunk('org').test(p))).toBe(false);
  await context.setOffline(true);

  await page.getByRole('link', { name: '活动', exact: true }).click();
  // 首页 lists coming events too: the month calendar is the 活动 page's own.
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.locator('.cal-title')).toBeVisible();

  await page.goto('/pledges');
  await expect(page.getByRole('heading', { name: '本支部的承诺', exact: true })).toBeVisible();

  await page.getByRole('link', { name: '我的', exact: true }).click();
  await expect(page.getByRole('heading', { name: '账号信息', exact: true })).toBeVisible();
  await context.setOffline(false);
});

// A deploy while the app is open: the new service worker takes over at once, but the page
// still runs the old main module. A page it has not opened yet must come from the old
// build's chunks, which the new worker keeps, never from the new build's.
test('after a new build takes over, an open page still opens pages with its own build', async ({ page }) => {
  const dist = path.resolve(process.env.ZHIBU_DIST ?? '../dist');
  const [oldId] = fs.readdirSync(path.join(dist, 'wasm'));
  const newId = oldId === 'f'.repeat(16) ? '0'.repeat(16) : 'f'.repeat(16);
  // The files that name the build: the chunk loader (its own name is hashed) and the
  // service worker. Their precompressed copies would be sent instead, so they go too.
  const loader = fs.readdirSync(dist).find((f) => /^__wasm_split\.[0-9a-f]{16}\.js$/.test(f))!;
  const edited = [loader, 'sw.js'];
  const originals = new Map<string, Buffer>();
  for (const f of edited) {
    for (const copy of [f, `${f}.br`, `${f}.gz`]) {
      if (fs.existsSync(path.join(dist, copy))) originals.set(copy, fs.readFileSync(path.join(dist, copy)));
    }
  }

  await logIn(page, DEMO_MEMBER.login);
  const seen = wasmRequests(page);
  try {
    // The next build, as the server would serve it: its chunks under its own id.
    fs.renameSync(path.join(dist, 'wasm', oldId), path.join(dist, 'wasm', newId));
    for (const f of edited) {
      const text = originals.get(f)!.toString('utf8');
      const next = f === 'sw.js' ? text.replace(/const BUILD = '[^']+'/, `const BUILD = '${newId}'`) : text;
      fs.writeFileSync(path.join(dist, f), next.replaceAll(oldId, newId));
      for (const copy of [`${f}.br`, `${f}.gz`]) fs.rmSync(path.join(dist, copy), { force: true });
    }
    // Wait until the new worker has finished activating (older caches are pruned then).
    await page.evaluate(async () => {
      const reg = (await navigator.serviceWorker.getRegistration())!;
      await reg.update();
      const next = reg.installing ?? reg.waiting;
      if (!next) throw new Error('the changed service worker was not picked up');
      await new Promise<void>((done) => {
        const check = () => next.state === 'activated' && done();
        next.addEventListener('statechange', check);
        check();
      });
    });

    // A failed chunk would end in the browser loading /events afresh (the new build):
    // the page must stay the same document.
    await page.evaluate(() => Object.assign(window, { zhibuSameDocument: true }));
    await page.getByRole('link', { name: '活动', exact: true }).click();
    // 首页 lists coming events too: the month calendar is the 活动 page's own.
    await expect(page).toHaveURL(/\/events$/);
    await expect(page.locator('.cal-title')).toBeVisible();
    expect(seen.some((p) => p.startsWith(`/wasm/${oldId}/split_events.wasm`))).toBe(true);
    expect(seen.some((p) => p.startsWith(`/wasm/${newId}/`))).toBe(false);
    expect(await page.evaluate(() => 'zhibuSameDocument' in window)).toBe(true);
  } finally {
    if (fs.existsSync(path.join(dist, 'wasm', newId))) {
      fs.renameSync(path.join(dist, 'wasm', newId), path.join(dist, 'wasm', oldId));
    }
    for (const [f, bytes] of originals) fs.writeFileSync(path.join(dist, f), bytes);
  }
});

// Offline before the service worker has cached anything (here: no worker at all), a page
// not opened yet cannot be fetched: it says so, the app keeps running, and it opens once
// the connection is back.
test('a page that cannot be fetched yet says so, and opens once online', async ({ browser }) => {
  const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('登录名').fill(DEMO_MEMBER.login);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  // 首页's own content: its chunk and the engine's are here.
  await expect(page.getByRole('link', { name: '记一笔学习', exact: true })).toBeVisible();
  const panics: string[] = [];
  page.on('console', (m) => m.text().includes('panicked') && panics.push(m.text()));

  await context.setOffline(true);
  await page.getByRole('link', { name: '谈话', exact: true }).click();
  await expect(page.getByTestId('page-not-loaded')).toContainText('这个页面需要联网打开');
  // The app still runs: the tab bar still switches pages.
  await page.getByRole('link', { name: '首页', exact: true }).click();
  await expect(page.getByRole('heading', { name: '首页', exact: true })).toBeVisible();

  await context.setOffline(false);
  await page.getByRole('link', { name: '谈话', exact: true }).click();
  await expect(page.getByRole('heading', { name: '我的谈话记录', exact: true })).toBeVisible();
  expect(panics).toEqual([]);
  await context.close();
});

// The connection drops after the login but before the engine's code arrives (and before
// the service worker has cached it): the app runs, pages wait for the phone's store rather
// than show nothing, the sync line claims nothing, and the engine starts by itself once
// its code can be fetched.
test('an engine that cannot be fetched at first starts later by itself', async ({ browser }) => {
  const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
  const page = await context.newPage();
  const engine = /\/first-screen\.bin$/;
  await page.route(engine, (route) => route.abort('internetdisconnected'));
  const failed = page.waitForEvent('requestfailed', (r) => engine.test(new URL(r.url()).pathname));
  await page.goto('/login');
  await page.getByLabel('登录名').fill(DEMO_MEMBER.login);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: '首页', exact: true })).toBeVisible();
  await failed;
  await expect(page.locator('.app-main .splash')).toHaveText('正在加载…');
  await expect(page.getByTestId('sync-status')).not.toContainText('已全部同步');

  await page.unroute(engine);
  await expect(page.getByRole('link', { name: '记一笔学习', exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 });
  await context.close();
});
