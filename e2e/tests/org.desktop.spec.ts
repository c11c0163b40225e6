import { expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { startOrgServer, type OrgServer } from './org-server';
import { rosterFiles, type RosterFiles, type RosterPerson } from './roster-files';
import { PHONE } from './phone';
import AxeBuilder from '@axe-core/playwright';

// A new organisation from an empty database to members recording study, with nothing but
// the README: `admin init` (org-server.ts), then the administrator's pages — at the
// project's width, so at 390×844 and at a desk's — and a member's phone. Two branches, a
// roster imported from a GBK CSV and an XLSX (the preview names every bad row and writes
// nothing; importing again adds nobody), a secretary appointed, the branch's codes handed
// out, a member activating and recording study; then a transfer and a deactivation, with
// the branch figures before and after.

const A = '机关第一党支部';
const B = '机关第二党支部';
const PASSWORD = '绿水青山就是金山银山2026';

let org: OrgServer;
let roster: RosterFiles;

test.beforeAll(async () => {
  org = await startOrgServer();
  roster = await rosterFiles(A, B, 'admin');
});

test.afterAll(async () => {
  await org?.stop();
});

async function open(browser: Browser, info: TestInfo | null): Promise<[BrowserContext, Page]> {
  const use = info?.project.use ?? PHONE;
  const context = await browser.newContext({
    viewport: use.viewport,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    deviceScaleFactor: info?.project.use.deviceScaleFactor,
    userAgent: info?.project.use.userAgent,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: org.baseURL,
  });
  return [context, await context.newPage()];
}

async function activate(page: Page, login: string, code: string) {
  await page.goto('/login');
  await page.getByRole('link', { name: '首次使用？用激活码设置密码' }).click();
  // The login page has a 登录名 too: wait for the activation page's own.
  await expect(page.getByRole('heading', { name: '首次使用：设置密码' })).toBeVisible();
  await page.getByLabel('登录名').fill(login);
  await page.getByLabel('激活码').fill(code);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '设置密码并登录' }).click();
  await expect(page.getByRole('heading', { name: '首页', exact: true })).toBeVisible();
}

/** The administrator's link between the 管理 pages. */
async function go(page: Page, link: string) {
  await page.getByRole('navigation', { name: '管理导航' }).getByRole('link', { name: link, exact: true }).click();
}

async function openBranch(page: Page, name: string) {
  await go(page, '组织');
  await page.getByTestId('branches').getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** The branch page's figures: active members, members counted this year, 学时. */
async function figures(page: Page, name: string) {
  await openBranch(page, name);
  const facts = page.getByTestId('branch-figures');
  await expect(facts.getByTestId('figure-hours')).toBeVisible();
  return {
    members: Number(await facts.getByTestId('figure-members').textContent()),
    counted: Number(await facts.getByTestId('figure-counted').textContent()),
    hours: await facts.getByTestId('figure-hours').textContent(),
  };
}

async function membersTotal(page: Page): Promise<number> {
  const answer = await page.request.get('/api/v1/org/members?status=all&per_page=1');
  expect(answer.ok()).toBe(true);
  return (await answer.json()).total;
}

async function importFile(page: Page, file: { fileName: string; bytes: Buffer }, mimeType: string) {
  await page.locator('#roster-file').setInputFiles({ name: file.fileName, mimeType, buffer: file.bytes });
}

async function openMember(page: Page, person: RosterPerson) {
  await go(page, '党员');
  await page.getByLabel('姓名或登录名').fill(person.name);
  await page.getByRole('button', { name: '查找', exact: true }).click();
  await page.getByTestId('members').getByRole('link', { name: person.name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: person.name })).toBeVisible();
}

/** What every 管理 page owes its reader at either width: no detectable accessibility
 * violation, nothing wider than the screen, every control at least 44 px tall; and a
 * screenshot to look at (in the test's output folder). */
async function checkPage(page: Page, info: TestInfo, name: string) {
  const axe = await new AxeBuilder({ page }).include('.org-page').analyze();
  expect(axe.violations.map((v) => `${name}: ${v.id}: ${v.help}`)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} overflows`).toBeLessThanOrEqual(0);
  const small = await page
    .locator('.org-page :is(button, summary, select, input, .button, .org-links a, tbody th a)')
    .evaluateAll((els) =>
      els
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .filter((e) => e.getBoundingClientRect().height < 44)
        .map((e) => `${e.tagName} ${e.textContent?.trim().slice(0, 20)} ${e.getBoundingClientRect().height}`),
    );
  expect(small, `${name}: controls under 44 px`).toEqual([]);
  if ((page.viewportSize()?.width ?? 0) < 768) {
    // The tab bar keeps its seven tabs, 管理 included, on one row.
    const tops = await page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link')
      .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(tops.length, `${name}: tabs`).toBe(7);
    expect(new Set(tops).size, `${name}: tabs on one row`).toBe(1);
  }
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
}

function shanghaiDay(offsetDays: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000);
  return d.toISOString().slice(0, 10);
}

test('a new organisation goes from an empty database to members recording study', async ({ browser }, info) => {
  test.setTimeout(240_000);
  const [adminContext, admin] = await open(browser, info);

  // The administrator `admin init` made activates with its one-time code.
  await activate(admin, org.adminLogin, org.adminCode);
  await admin.getByRole('link', { name: '管理', exact: true }).click();
  await expect(admin.getByRole('heading', { level: 1, name: org.organisation })).toBeVisible();

  // Two branches; a branch without a name is refused by name.
  await admin.locator('form button[type=submit]', { hasText: '新建党支部' }).click();
  await expect(admin.locator('#name-error')).toContainText('请填写');
  for (const name of [A, B]) {
    await go(admin, '组织');
    await admin.locator('#name').fill(name);
    await admin.locator('form button[type=submit]', { hasText: '新建党支部' }).click();
    await expect(admin.getByRole('heading', { level: 1, name })).toBeVisible();
  }

  await go(admin, '组织');
  await expect(admin.getByTestId('branch-row')).toHaveCount(2);
  await checkPage(admin, info, 'org');

  // The roster: each file's preview names every bad row and writes nothing.
  await go(admin, '导入名册');
  const before = await membersTotal(admin);
  const files = [
    { file: roster.csv, kind: 'csv' as const, mime: 'text/csv' },
    {
      file: roster.xlsx,
      kind: 'xlsx' as const,
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
  ];
  let added = 0;
  for (const { file, kind, mime } of files) {
    const bad = roster.bad.filter((b) => b.file === kind);
    await importFile(admin, file, mime);
    await expect(admin.getByTestId('preview-summary')).toHaveText(
      `将新增 ${file.members.length} · 已在册 0 · 跳过 ${bad.length}`,
    );
    const problems = admin.getByTestId('problem');
    await expect(problems).toHaveCount(bad.length);
    for (const b of bad) {
      const row = problems.filter({ has: admin.locator('th', { hasText: new RegExp(`^${b.row}$`) }) });
      await expect(row, `row ${b.row}`).toContainText(b.column);
    }
    if (kind === 'csv') await checkPage(admin, info, 'import-preview');
    expect(await membersTotal(admin)).toBe(before + added);
    await admin.getByRole('button', { name: /确认导入/ }).click();
    await expect(admin.getByTestId('import-done')).toContainText(`新增 ${file.members.length}`);
    added += file.members.length;
  }
  expect(added).toBe(200);
  expect(await membersTotal(admin)).toBe(before + 200);
  // The same file again adds nobody.
  await importFile(admin, roster.csv, 'text/csv');
  await expect(admin.getByTestId('preview-summary')).toHaveText(
    `将新增 0 · 已在册 ${roster.csv.members.length} · 跳过 5`,
  );
  await expect(admin.getByRole('button', { name: /确认导入/ })).toBeDisabled();

  const inA = roster.members.filter((m) => m.branch === A);
  const inB = roster.members.filter((m) => m.branch === B);
  expect((await figures(admin, A)).members).toBe(inA.length);
  expect((await figures(admin, B)).members).toBe(inB.length);

  // A secretary for branch A, who gets their code from the administrator.
  const secretary = inA.find((m) => !m.post)!;
  await openBranch(admin, A);
  await admin.locator('summary').filter({ hasText: /^任职$/ }).click();
  const option = admin.locator('#member_id option', { hasText: secretary.name });
  await admin.locator('#member_id').selectOption(await option.getAttribute('value'));
  await admin.locator('#post').selectOption({ label: '书记' });
  await admin.locator('form button[type=submit]', { hasText: '任职' }).click();
  await expect(admin.getByTestId('post').filter({ hasText: '书记' })).toContainText(secretary.name);
  await checkPage(admin, info, 'branch');

  // 换届: the committee from today, the secretary kept and a deputy added at once.
  const deputy = inA.find((m) => m !== secretary && !m.post)!;
  await admin.locator('summary', { hasText: '新一届支部委员会' }).click();
  const seat = admin.getByLabel('副书记', { exact: true });
  await seat.selectOption(await seat.locator('option', { hasText: deputy.name }).getAttribute('value'));
  await admin.getByRole('button', { name: '确认换届' }).click();
  await expect(admin.getByTestId('post').filter({ hasText: '副书记' })).toContainText(deputy.name);
  await expect(admin.getByTestId('post').filter({ hasText: /^书记/ })).toContainText(secretary.name);

  // A 党小组 renamed in place.
  const group = admin.getByTestId('group').first();
  const oldName = (await group.locator('span').first().textContent())!.split(' · ')[0];
  await group.locator('summary', { hasText: '修改' }).click();
  await group.getByLabel('党小组名称').fill(`${oldName}（新）`);
  await group.getByRole('button', { name: '修改名称' }).click();
  await expect(admin.getByTestId('group').filter({ hasText: `${oldName}（新）` })).toHaveCount(1);
  await admin.getByTestId('post').filter({ hasText: '书记' }).getByRole('link', { name: secretary.name }).click();
  await admin.getByRole('button', { name: '发放激活码' }).click();
  const secretaryLogin = (await admin.getByTestId('code-login').textContent())!;
  const secretaryCode = (await admin.getByTestId('code-value').textContent())!;

  // The secretary, on their phone, prints the branch's codes.
  const [secretaryContext, sec] = await open(browser, null);
  await activate(sec, secretaryLogin, secretaryCode);
  await sec.getByRole('link', { name: '管理', exact: true }).click();
  await sec.getByTestId('branches').getByRole('link', { name: A, exact: true }).click();
  await sec.getByRole('button', { name: '为未激活的党员生成激活码' }).click();
  const slips = sec.getByTestId('code-slip');
  await expect(slips).toHaveCount(inA.length - 1);
  await checkPage(sec, info, 'codes');
  const member = inA.find((m) => m !== secretary && !m.post)!;
  const slip = slips.filter({ hasText: member.name });
  const memberLogin = (await slip.locator('td').nth(0).textContent())!;
  const memberCode = (await slip.locator('td').nth(1).textContent())!;
  await secretaryContext.close();

  // The member activates on their phone and records yesterday's study.
  const [memberContext, phone] = await open(browser, null);
  await activate(phone, memberLogin, memberCode);
  // The phone's store is open and has its first round from the server.
  await expect(phone.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 30_000 });
  await phone.getByRole('link', { name: '学习', exact: true }).click();
  await phone.getByRole('link', { name: '记一笔学习' }).click();
  await phone.getByLabel('日期').fill(shanghaiDay(-1));
  await phone.getByLabel('时长（分钟）').fill('90');
  await phone.getByLabel('学习内容').fill('学习党章第一章');
  await phone.getByRole('button', { name: '保存' }).click();
  await expect(phone.getByTestId('sync-status')).toContainText('已全部同步', { timeout: 20_000 });
  await memberContext.close();

  const aBefore = await figures(admin, A);
  expect(aBefore).toEqual({ members: inA.length, counted: inA.length, hours: '2.0' });
  const bBefore = await figures(admin, B);
  expect(bBefore).toEqual({ members: inB.length, counted: inB.length, hours: '0.0' });

  // 组织关系转接 from today: from now on the member counts for B; A keeps what was done
  // there before.
  await openMember(admin, member);
  await admin.locator('summary', { hasText: '组织关系转接' }).click();
  await admin.getByLabel('转入的党支部').selectOption({ label: B });
  await admin.locator('form button[type=submit]', { hasText: '组织关系转接' }).click();
  await expect(admin.getByTestId('member-branch')).toHaveText(B);
  await checkPage(admin, info, 'member');
  expect(await figures(admin, A)).toEqual({ members: inA.length - 1, counted: inA.length, hours: '2.0' });
  expect(await figures(admin, B)).toEqual({ members: inB.length + 1, counted: inB.length + 1, hours: '0.0' });

  // A member of B dies: off the roll from today, still in this year's figures.
  const leaving = inB.find((m) => !m.post)!;
  await openMember(admin, leaving);
  await admin.locator('summary', { hasText: '减少党员' }).click();
  await admin.getByLabel('离开原因').selectOption({ label: '去世' });
  await admin.locator('form button[type=submit]', { hasText: '减少党员' }).click();
  await expect(admin.getByTestId('member-status')).toHaveText('去世');
  expect(await figures(admin, B)).toEqual({ members: inB.length, counted: inB.length + 1, hours: '0.0' });

  // Every step is in the audit log, found by its action.
  await go(admin, '操作日志');
  await expect(admin.getByTestId('audit-entry').first()).toBeVisible();
  await checkPage(admin, info, 'audit');
  for (const action of ['导入名册', '任职', '发放激活码', '激活账号', '组织关系转接', '减少党员']) {
    await admin.getByLabel('操作', { exact: true }).selectOption({ label: action });
    await expect(admin.getByTestId('audit-entry').first()).toContainText(action);
  }
  await adminContext.close();
});
