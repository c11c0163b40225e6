import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createHmac } from 'node:crypto';
import { logIn, phone, synced } from './phone';

// Branch activities end to end, on phones (390×844): a secretary creates a 主题党日 that
// also holds a 党课 with 2 学时; one member asks for leave on another event (the reason is
// required) and answers "attend" to this one; the secretary, offline, marks that member
// present on the sheet and syncs; another member checks in offline with the rotating
// code from the secretary's phone and syncs. Both are present on the sheet, both are
// credited the 2 学时, and once the secretary closes the event the quarter's 党课 counts it.
//
// Members used here and nowhere else: sunlihua, zhengyaqin (the study spec counts other
// members' hours).


/** China local time `YYYY-MM-DDTHH:MM` of an instant (UTC+8 all year). */
function chinaLocal(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
}

/** The model's code (HMAC-SHA256 over the 60-second step, RFC 4226 truncation). */
function codeAt(secretHex: string, ms: number): string {
  const step = BigInt(Math.floor(ms / 1000 / 60));
  const counter = Buffer.alloc(8);
  counter.writeBigInt64BE(step);
  const digest = createHmac('sha256', Buffer.from(secretHex, 'hex')).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const bin = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 1_000_000).padStart(6, '0');
}

async function yearHours(page: Page): Promise<number> {
  await page.getByRole('link', { name: '学习', exact: true }).click();
  const text = (await page.getByTestId('year-hours').textContent()) ?? '';
  const m = text.match(/([\d.]+)\s*\/\s*\d+/);
  expect(m, text).not.toBeNull();
  return Number(m![1]);
}

async function lecturesHeld(context: BrowserContext, year: number): Promise<{ held: number; status: string }> {
  const res = await context.request.get(`/api/v1/branch/compliance?year=${year}`);
  expect(res.status()).toBe(200);
  const body = await res.json();
  const quarter = Math.floor(new Date(Date.now() + 8 * 3600_000).getUTCMonth() / 3) + 1;
  const o = body.obligations.find(
    (o: any) => o.kind === 'party_lecture' && o.per === 'quarter' && o.index === quarter && !o.by_secretary,
  );
  expect(o, JSON.stringify(body.obligations)).toBeTruthy();
  return { held: o.held, status: o.status };
}

test('a 主题党日 with a 党课: leave, RSVP, an offline sheet, an offline self check-in, credit and compliance', async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(300_000);
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  await logIn(page, 'linxiaolan');
  const before = await lecturesHeld(context, year);

  // The secretary turns self check-in on for the branch.
  await page.getByRole('link', { name: '活动', exact: true }).click();
  await page.getByRole('link', { name: '支部活动设置', exact: true }).click();
  const setting = page.getByRole('switch', { name: '本支部开启自助签到' });
  if (!(await setting.isChecked())) await setting.click();
  await expect(setting).toBeChecked();
  await page.getByRole('link', { name: '返回活动日历', exact: true }).click();

  // A 主题党日 that also holds a 党课 with 2 学时, begun an hour ago and due to run an hour more.
  const title = `四季度党课暨主题党日 ${Date.now()}`;
  await page.getByRole('link', { name: '新建活动', exact: true }).click();
  await expect(page.getByLabel('主题党日', { exact: true })).toBeChecked();
  await page.getByLabel('党课', { exact: true }).check();
  await page.getByLabel('标题').fill(title);
  const now = Date.now();
  const endsAt = now + 60 * 60_000;
  await page.getByLabel('开始时间').fill(chinaLocal(now - 60 * 60_000));
  await page.getByLabel('结束时间').fill(chinaLocal(endsAt));
  await page.getByLabel('活动地点').fill('党员活动室');
  await page.getByLabel('学习主题').fill('学习新修订的党章');
  await page.getByLabel('学时').fill('2');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page).toHaveURL(/\/events\/[0-9a-f-]{36}$/);
  const eventId = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
  await expect(page.getByTestId('study-element')).toContainText('学习新修订的党章 · 2 学时');
  await synced(page);

  // A member asks for leave on the next 主题党日 (a reason is required) and attends this one.
  const [memberContext, member] = await phone(browser, 'sunlihua');
  const hoursBeforeA = await yearHours(member);
  await member.getByRole('link', { name: '活动', exact: true }).click();
  await member.getByTestId('agenda').getByRole('link', { name: /^主题党日/ }).first().click();
  await member.getByRole('button', { name: '请假', exact: true }).click();
  await member.getByRole('button', { name: '提交请假', exact: true }).click();
  await expect(member.getByText('请填写请假事由')).toBeVisible();
  await member.getByLabel('请假事由').fill('外地出差');
  await member.getByRole('button', { name: '提交请假', exact: true }).click();
  await expect(member.getByTestId('rsvp-status')).toContainText('已请假：外地出差 · 待审批');
  await synced(member);
  await member.goto(`/events/${eventId}`);
  await member.getByRole('button', { name: '参加', exact: true }).click();
  await expect(member.getByTestId('rsvp-status')).toContainText('已报名参加');
  await synced(member);

  // The secretary opens the sheet, goes offline, marks the member present, syncs.
  await page.reload();
  await page.getByRole('link', { name: '考勤表', exact: true }).click();
  const rowA = page.locator('.sheet-line', { hasText: '孙丽华' });
  await expect(rowA).toContainText('报名参加');
  await context.setOffline(true);
  await rowA.getByRole('button', { name: '出席', exact: true }).click();
  await expect(rowA.getByRole('button', { name: '出席', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('sync-status')).toContainText('1 条待同步');
  await context.setOffline(false);
  await synced(page);

  // The rotating code on the secretary's phone is the model's code for this minute.
  const pull = await context.request.get('/api/v1/sync/pull?since=0');
  const rows = (await pull.json()).rows;
  const secret = rows.find((r: any) => r.id === eventId).data.data.check_in_secret as string;
  const codeOf = async () => (await page.getByTestId('check-in-code').textContent())!.trim();
  await expect(page.getByTestId('check-in-code')).toHaveText(/^\d{6}$/);
  const t = Date.now();
  expect([codeAt(secret, t - 60_000), codeAt(secret, t), codeAt(secret, t + 60_000)]).toContain(await codeOf());
  await expect(page.locator('svg.qr path')).toHaveCount(1);

  // Another member opens the event, goes offline and checks in with the code shown.
  const [otherContext, other] = await phone(browser, 'zhengyaqin');
  const hoursBeforeB = await yearHours(other);
  await other.goto(`/events/${eventId}`);
  await expect(other.getByRole('heading', { name: '签到', exact: true })).toBeVisible();
  // A wrong code is refused by the server with its reason; trying again replaces it.
  const real = new Set(Array.from({ length: 121 }, (_, i) => codeAt(secret, Date.now() + (i - 60) * 60_000)));
  const wrong = ['000000', '111111', '222222', '333333'].find((c) => !real.has(c))!;
  await other.getByLabel('签到码').fill(wrong);
  await other.getByRole('button', { name: '签到', exact: true }).click();
  await expect(other.getByTestId('check-in-result')).toHaveText('签到码不正确', { timeout: 20_000 });
  await otherContext.setOffline(true);
  await other.getByLabel('签到码').fill(await codeOf());
  await other.getByRole('button', { name: '签到', exact: true }).click();
  await expect(other.getByTestId('check-in-result')).toContainText('签到已保存在本机');
  await otherContext.setOffline(false);
  await expect(other.getByTestId('check-in-result')).toHaveText('签到成功', { timeout: 20_000 });
  await synced(other);

  // Both are present on the sheet.
  await page.reload();
  for (const name of ['孙丽华', '郑雅琴']) {
    await expect(
      page.locator('.sheet-line', { hasText: name }).getByRole('button', { name: '出席', exact: true }),
    ).toHaveAttribute('aria-pressed', 'true');
  }
  await expect(page.locator('.sheet-line', { hasText: '郑雅琴' })).toContainText('已自助签到');

  // Both are credited the 2 学时 without entering anything.
  for (const [p, hours] of [
    [member, hoursBeforeA],
    [other, hoursBeforeB],
  ] as const) {
    await p.reload();
    await expect.poll(() => yearHours(p)).toBe(hours + 2);
  }

  // The meeting closes: the secretary records its real end, and the quarter's 党课 counts
  // it (only an ended event is held).
  await page.goto(`/events/${eventId}/edit`);
  await page.getByLabel('结束时间').fill(chinaLocal(Math.floor(Date.now() / 60_000) * 60_000));
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${eventId}$`));
  await synced(page);
  await expect
    .poll(async () => (await lecturesHeld(context, year)).held, { timeout: 20_000 })
    .toBe(before.held + 1);
  expect((await lecturesHeld(context, year)).status).toBe('met');

  await memberContext.close();
  await otherContext.close();
});

test('the calendar fits 360 px and passes axe; a leave request is approved and a cancellation keeps its reason', async ({
  page,
  browser,
}) => {
  const narrow = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const member = await narrow.newPage();
  await logIn(member, 'wuzeyu');
  // 首页 lists the next events.
  await expect(member.getByTestId('home-events').getByRole('link').first()).toBeVisible();
  await member.getByRole('link', { name: '活动', exact: true }).click();
  await expect(member.locator('.cal-day')).not.toHaveCount(0);
  const overflow = await member.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const box of await member.locator('.cal-day').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()))) {
    expect(box.height).toBeGreaterThanOrEqual(44);
  }
  // Days with events are marked; tapping one lists them.
  const marked = member.locator('.cal-day.has-event').first();
  await expect(marked).toBeVisible();
  await marked.click();
  await expect(member.locator('.card').filter({ has: member.locator('.event-item') }).first()).toBeVisible();
  const axe = async () => {
    const results = await new AxeBuilder({ page: member }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  };
  await axe();

  await member.getByTestId('agenda').getByRole('link', { name: /^主题党日/ }).first().click();
  await member.getByRole('button', { name: '请假', exact: true }).click();
  await member.getByLabel('请假事由').fill('家中有事');
  await member.getByRole('button', { name: '提交请假', exact: true }).click();
  await expect(member.getByTestId('rsvp-status')).toContainText('待审批');
  await synced(member);
  await axe();
  const eventUrl = member.url();

  // The secretary approves it; the member sees the decision.
  await logIn(page, 'linxiaolan');
  // The secretary's 首页 lists the obligations due or just missed, each with its source.
  const obligations = page.getByTestId('obligations').getByRole('listitem');
  await expect(obligations.first()).toBeVisible();
  await expect(obligations.filter({ hasText: '尚未召开' }).first()).toContainText('中国共产党');
  await page.goto(eventUrl);
  const request = page.locator('.leave-request', { hasText: '家中有事' });
  await expect(request).toContainText('待审批');
  // Each request names who asked.
  await expect(request.getByTestId('leave-asker')).toHaveText('吴泽宇');
  await request.getByRole('button', { name: '批准', exact: true }).click();
  await expect(request).toContainText('已批准');
  await synced(page);
  await member.reload();
  await expect(member.getByTestId('rsvp-status')).toContainText('已请假：家中有事 · 已批准');

  // Cancelling needs a reason; the event stays, with it.
  await page.getByRole('button', { name: '取消活动', exact: true }).click();
  await expect(page.locator('#cancel_reason')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('取消原因').fill('与上级会议冲突，改期');
  await page.getByRole('button', { name: '取消活动', exact: true }).click();
  await expect(page.getByTestId('cancelled')).toContainText('活动已取消：与上级会议冲突，改期');
  await synced(page);
  await member.reload();
  await expect(member.getByTestId('cancelled')).toContainText('与上级会议冲突，改期');
  await narrow.close();
});

test('a secretary repeats an event weekly as separate events of one series and attaches minutes to a held one', async ({
  page,
  context,
  browser,
}) => {
  await logIn(page, 'hezhendong');
  const title = `每周学习（e2e ${Date.now()}）`;
  const day = (offsetDays: number) => chinaLocal(Date.now() + offsetDays * 86_400_000).slice(0, 10);
  await page.getByRole('link', { name: '活动', exact: true }).click();
  await page.getByRole('link', { name: '新建活动', exact: true }).click();
  await page.getByLabel('主题党日', { exact: true }).uncheck();
  await page.getByLabel('其他活动', { exact: true }).check();
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('开始时间').fill(`${day(7)}T19:00`);
  await page.getByLabel('结束时间').fill(`${day(7)}T20:00`);
  await page.getByLabel('重复规则').selectOption('weekly');
  await page.getByLabel('结束日期').fill(day(7 + 21));
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
  await synced(page);
  const rows = (await (await context.request.get('/api/v1/sync/pull?since=0')).json()).rows;
  const series = rows.filter((r: any) => r.kind === 'event' && r.data?.data.title === title).map((r: any) => r.data.data);
  expect(series).toHaveLength(4);
  expect(new Set(series.map((e: any) => e.series_id)).size).toBe(1);
  expect(new Set(series.map((e: any) => e.check_in_secret)).size).toBe(4);
  // Each event of the series is edited alone.
  await page.getByRole('link', { name: '修改活动', exact: true }).click();
  await expect(page.getByLabel('标题')).toHaveValue(title);
  await page.getByLabel('活动地点').fill('三楼会议室');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('.facts')).toContainText('三楼会议室');
  await synced(page);
  const after = (await (await context.request.get('/api/v1/sync/pull?since=0')).json()).rows
    .filter((r: any) => r.kind === 'event' && r.data?.data.title === title)
    .map((r: any) => r.data.data.venue);
  expect(after.sort()).toEqual(['', '', '', '三楼会议室']);

  // Minutes on the 主题党日 held ten days ago; a member of the branch reads them.
  const held = rows.find((r: any) => r.kind === 'event' && /^\d+月主题党日$/.test(r.data?.data.title ?? ''));
  expect(held).toBeTruthy();
  await page.goto(`/events/${held.id}`);
  await page.getByLabel('填写会议记录').fill('传达学习上级精神；讨论四季度工作安排。');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByTestId('minutes')).toHaveText('传达学习上级精神；讨论四季度工作安排。');
  await synced(page);
  const [memberContext, member] = await phone(browser, 'gaoyuan');
  await member.goto(`/events/${held.id}`);
  await expect(member.getByTestId('minutes')).toHaveText('传达学习上级精神；讨论四季度工作安排。');
  await expect(member.getByTestId('study-element')).toContainText('2 学时');
  await memberContext.close();
});

test('a member hides their 政治生日 and subscribes to, then stops, a private calendar feed', async ({ page }) => {
  await logIn(page, 'gaoyuan');
  const year = new Date().getFullYear();
  const listed = async () => {
    const r = await page.request.get(`/api/v1/branch/political-birthdays?year=${year}`);
    expect(r.status()).toBe(200);
    return ((await r.json()).birthdays as { display_name: string }[]).some((b) => b.display_name === '高远');
  };
  await page.getByRole('link', { name: '我的', exact: true }).click();
  const show = page.getByRole('switch', { name: '在支部日历上显示我的政治生日' });
  await expect(show).toBeChecked();
  expect(await listed()).toBe(true);
  await show.click();
  await expect(show).not.toBeChecked();
  expect(await listed()).toBe(false);
  await show.click();
  await expect(show).toBeChecked();
  expect(await listed()).toBe(true);

  // The address is shown once; a calendar app (no session) reads the branch's events.
  await page.getByRole('button', { name: '生成订阅地址', exact: true }).click();
  const address = page.getByTestId('feed-address');
  await expect(address).toHaveValue(/\/api\/v1\/calendar\/[^/]+\.ics$/);
  const url = await address.inputValue();
  const feed = await page.request.fetch(url, { headers: { cookie: '' } });
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toContain('text/calendar');
  const ics = await feed.text();
  expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(ics).toContain('BEGIN:VEVENT');

  // Renewing stops the old address; stopping stops the new one.
  await page.getByRole('button', { name: '重新生成（旧地址失效）', exact: true }).click();
  await expect(address).not.toHaveValue(url);
  expect((await page.request.fetch(url)).status()).toBe(404);
  const renewed = await address.inputValue();
  expect((await page.request.fetch(renewed)).status()).toBe(200);
  await page.getByRole('button', { name: '停止订阅', exact: true }).click();
  await expect(page.getByText('订阅已停止，旧地址已失效')).toBeVisible();
  expect((await page.request.fetch(renewed)).status()).toBe(404);
});

test('a branch holds its 党课 every half-year by its own rule, then goes back to the defaults', async ({ page, context }) => {
  await logIn(page, 'hezhendong');
  const year = new Date().getFullYear();
  const lectureRule = async () => {
    const res = await context.request.get(`/api/v1/branch/compliance?year=${year}`);
    expect(res.status()).toBe(200);
    const body = await res.json();
    return body.requirements.find((r: any) => r.kind === 'party_lecture' && !r.by_secretary);
  };
  expect(await lectureRule()).toMatchObject({ per: 'quarter', times: 1 });

  await page.getByRole('link', { name: '活动', exact: true }).click();
  // The rules are on their own page, not above the calendar.
  await expect(page.getByTestId('rule')).toHaveCount(0);
  await page.getByRole('link', { name: '支部活动设置', exact: true }).click();
  const rule = page.getByTestId('rule').filter({ has: page.getByRole('heading', { name: '党课', exact: true }) });
  await rule.getByLabel('周期').selectOption('half_year');
  await rule.getByLabel('依据').fill('本支部规定：每半年一次');
  await page.getByRole('button', { name: '保存要求', exact: true }).click();
  await expect(page.getByText('本支部已调整下列要求；合规情况按此计算。')).toBeVisible();
  await expect.poll(lectureRule).toMatchObject({ per: 'half_year', times: 1, source: '本支部规定：每半年一次' });

  // A number out of range is refused with the field named, and nothing changes.
  await rule.getByLabel('至少次数').fill('11');
  await page.getByRole('button', { name: '保存要求', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: '组织生活要求' })).toBeVisible();
  expect(await lectureRule()).toMatchObject({ per: 'half_year', times: 1 });

  await page.getByRole('button', { name: '恢复默认要求', exact: true }).click();
  await expect(page.getByText('按党内法规的默认要求计算', { exact: false })).toBeVisible();
  await expect.poll(lectureRule).toMatchObject({ per: 'quarter', times: 1 });
});

test('at 360 px the secretary puts a member in a 党小组 and a plain member cannot open the secretary pages', async ({
  browser,
}) => {
  const narrow = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const secretary = await narrow.newPage();
  await logIn(secretary, 'linxiaolan');
  await secretary.getByRole('link', { name: '活动', exact: true }).click();
  await secretary.getByRole('link', { name: '支部活动设置', exact: true }).click();
  const card = secretary.getByTestId('party-groups');
  await expect(card).toBeVisible();
  const line = card.locator('li', { hasText: '王建国' });
  // Offline, the change is not made and the line says why (it needs the server).
  await narrow.setOffline(true);
  await line.getByRole('combobox', { name: '王建国 所在党小组' }).fill('第一党小组');
  await line.getByRole('button', { name: '保存', exact: true }).click();
  await expect(line.getByRole('alert')).toHaveText('无法连接服务器，请检查网络后重试');
  await expect(line.locator('.sheet-note')).toContainText('未分组');
  await narrow.setOffline(false);
  await line.getByRole('button', { name: '保存', exact: true }).click();
  await expect(card.locator('li', { hasText: '王建国' }).locator('.sheet-note')).toContainText('第一党小组');
  const overflow = await secretary.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const results = await new AxeBuilder({ page: secretary }).include('[data-testid=party-groups]').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  // The event form offers the group.
  await secretary.getByRole('link', { name: '返回活动日历', exact: true }).first().click();
  await secretary.getByRole('link', { name: '新建活动', exact: true }).click();
  await secretary.getByLabel('参加范围').selectOption('group');
  await expect(secretary.locator('#group option[value="第一党小组"]')).toHaveCount(1);
  // Saved for tomorrow: no minutes yet, a note says when they can be written.
  await secretary.locator('#group').selectOption('第一党小组');
  await secretary.getByLabel('标题').fill(`党小组会（e2e ${Date.now()}）`);
  const tomorrow = chinaLocal(Date.now() + 86_400_000).slice(0, 10);
  await secretary.getByLabel('开始时间').fill(`${tomorrow}T19:00`);
  await secretary.getByLabel('结束时间').fill(`${tomorrow}T20:00`);
  await secretary.getByRole('button', { name: '保存', exact: true }).click();
  await expect(secretary.getByTestId('minutes-not-yet')).toHaveText('活动开始后才能填写会议记录。');
  await expect(secretary.getByLabel('填写会议记录')).toBeHidden();

  const memberPhone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const member = await memberPhone.newPage();
  await logIn(member, 'wangjianguo');
  await member.getByRole('link', { name: '活动', exact: true }).click();
  await expect(member.getByTestId('agenda')).toBeVisible();
  await expect(member.getByRole('link', { name: '新建活动', exact: true })).toHaveCount(0);
  await expect(member.getByTestId('party-groups')).toHaveCount(0);
  await expect(member.getByRole('link', { name: '支部活动设置', exact: true })).toHaveCount(0);
  await member.goto('/events/settings');
  await expect(member.getByTestId('managers-only')).toBeVisible();
  await expect(member.getByTestId('party-groups')).toHaveCount(0);
  await member.goto('/events/new');
  await expect(member.getByTestId('managers-only')).toContainText('只有支部书记和支委可以新建、修改活动和登记考勤');
  await expect(member.locator('form')).toHaveCount(0);
  await memberPhone.close();
  await narrow.close();
});
