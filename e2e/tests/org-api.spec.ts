import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { startOrgServer, type OrgServer } from './org-server';
import { rosterFiles, type BadRow } from './roster-files';

// A new organisation from an empty database, through the API alone: the administrator
// `admin init` made activates, creates two branches and imports the roster (a GBK CSV
// and an XLSX). The preview names every bad row, the import writes only once confirmed
// with the preview's hash, and a second import adds nobody. The administrator's pages
// will drive the same steps on top of these helpers.

const BRANCH_A = '机关第一党支部';
const BRANCH_B = '机关第二党支部';
const PASSWORD = '绿水青山就是金山银山2026';

let org: OrgServer;
let api: APIRequestContext;

test.beforeAll(async () => {
  org = await startOrgServer();
  api = await request.newContext({ baseURL: org.baseURL, extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
});

test.afterAll(async () => {
  await api?.dispose();
  await org?.stop();
});

interface Preview {
  hash: string;
  rows: { row: number; action: string; display_name: string; login: string; login_derived: boolean }[];
  problems: { row: number; column: string; field: string; code: string; message: string }[];
  ignored_columns: string[];
  new_groups: [string, string][];
  add: number;
  existing: number;
  skip: number;
}

function body(file: { fileName: string; bytes: Buffer }, hash = '') {
  return { file_name: file.fileName, content_base64: file.bytes.toString('base64'), hash };
}

async function ok<T>(response: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> {
  expect(response.ok(), `${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

async function preview(file: { fileName: string; bytes: Buffer }): Promise<Preview> {
  return ok<Preview>(await api.post('/api/v1/org/roster/preview', { data: body(file) }));
}

async function membersTotal(): Promise<number> {
  return (await ok<{ total: number }>(await api.get('/api/v1/org/members?status=all&per_page=1'))).total;
}

async function branchFigures(): Promise<Record<string, number>> {
  const tree = await ok<{ branches: { name: string; members: number }[] }>(await api.get('/api/v1/org'));
  return Object.fromEntries(tree.branches.map((b) => [b.name, b.members]));
}

/** Every bad row named once, by its row and column, in Chinese; no other row named. */
function expectBadRowsNamed(p: Preview, bad: BadRow[]) {
  const named = p.problems.map(({ row, column, code }) => ({ row, column, code }));
  expect(named.sort((a, b) => a.row - b.row)).toEqual(bad.map(({ row, column, code }) => ({ row, column, code })));
  for (const b of bad) {
    const problem = p.problems.find((x) => x.row === b.row)!;
    expect(problem.message, `row ${b.row}: ${b.why}`).toMatch(/[\u4e00-\u9fff]/);
    if (b.sameAs) expect(problem.message).toContain(`与第 ${b.sameAs} 行重复`);
    expect(p.rows.find((r) => r.row === b.row)?.action, `row ${b.row}`).toBe('skip');
  }
}

test('an empty database becomes an organisation with two branches and its imported roster', async () => {
  const ids: Record<string, string> = {};

  await test.step('the administrator activates with the code admin init printed', async () => {
    const me = await ok<{ login: string }>(
      await api.post('/api/v1/auth/activate', {
        data: { login: org.adminLogin, activation_code: org.adminCode, password: PASSWORD },
      }),
    );
    expect(me.login).toBe(org.adminLogin);
    const tree = await ok<{ organisation: string; branches: unknown[] }>(await api.get('/api/v1/org'));
    expect(tree.organisation).toBe(org.organisation);
    expect(tree.branches).toEqual([]);
  });

  await test.step('two branches', async () => {
    for (const name of [BRANCH_A, BRANCH_B]) {
      const created = await api.post('/api/v1/org/branches', { data: { name, general_branch_id: '' } });
      expect(created.status(), await created.text()).toBe(201);
      ids[name] = (await created.json()).id;
    }
    expect(await branchFigures()).toEqual({ [BRANCH_A]: 0, [BRANCH_B]: 0 });
  });

  const roster = await rosterFiles(BRANCH_A, BRANCH_B, org.adminLogin);
  expect(roster.members).toHaveLength(200);
  expect(roster.bad).toHaveLength(10);
  const before = await membersTotal();
  const files = [
    { kind: 'csv' as const, file: roster.csv },
    { kind: 'xlsx' as const, file: roster.xlsx },
  ];
  const previews: Record<string, Preview> = {};

  await test.step('the previews name every bad row and write nothing', async () => {
    for (const { kind, file } of files) {
      const p = await preview(file);
      previews[kind] = p;
      expectBadRowsNamed(p, roster.bad.filter((b) => b.file === kind));
      expect([p.add, p.existing, p.skip]).toEqual([file.members.length, 0, 5]);
      expect(p.ignored_columns).toEqual(['身份证号']);
      // Members with no login get one from pinyin; a given one is kept.
      const derived = p.rows.filter((r) => r.action === 'add' && r.login_derived);
      expect(derived).toHaveLength(file.members.filter((m) => !m.login).length);
      const pinyin = new Map(file.members.map((m) => [m.name, m.pinyin]));
      for (const r of derived) expect(r.login, r.display_name).toBe(pinyin.get(r.display_name));
    }
    expect(previews.csv.new_groups.sort()).toEqual(
      [[BRANCH_A, '第一党小组'], [BRANCH_A, '第二党小组'], [BRANCH_B, '第一党小组']].sort(),
    );
    expect(await membersTotal()).toBe(before);
    expect(await branchFigures()).toEqual({ [BRANCH_A]: 0, [BRANCH_B]: 0 });
  });

  await test.step('confirmed with each preview\'s hash, the import writes the valid rows', async () => {
    for (const { kind, file } of files) {
      const done = await ok<{ added: number; existing: number; skipped: number }>(
        await api.post('/api/v1/org/roster/import', { data: body(file, previews[kind].hash) }),
      );
      expect(done).toEqual({ added: file.members.length, existing: 0, skipped: 5 });
    }
    expect(await membersTotal()).toBe(before + 200);
    const inA = roster.members.filter((m) => m.branch === BRANCH_A).length;
    expect(await branchFigures()).toEqual({ [BRANCH_A]: inA, [BRANCH_B]: 200 - inA });
    // A login given in the file is the member's.
    const given = roster.members.find((m) => m.login)!;
    const found = await ok<{ members: { login: string; display_name: string; branch_id: string }[] }>(
      await api.get(`/api/v1/org/members?q=${encodeURIComponent(given.login)}`),
    );
    expect(found.members.map((m) => [m.login, m.display_name, m.branch_id])).toEqual([
      [given.login, given.name, ids[given.branch]],
    ]);
  });

  await test.step('a stale hash is refused, and importing the same files again adds nobody', async () => {
    const stale = await api.post('/api/v1/org/roster/import', { data: body(roster.csv, previews.csv.hash) });
    expect(stale.status()).toBe(409);
    expect((await stale.json()).field).toBe('hash');
    for (const { kind, file } of files) {
      const p = await preview(file);
      expect([p.add, p.existing, p.skip]).toEqual([0, file.members.length, 5]);
      expectBadRowsNamed(p, roster.bad.filter((b) => b.file === kind));
      const done = await ok<{ added: number }>(
        await api.post('/api/v1/org/roster/import', { data: body(file, p.hash) }),
      );
      expect(done.added).toBe(0);
    }
    expect(await membersTotal()).toBe(before + 200);
  });
});
