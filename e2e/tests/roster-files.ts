import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

// Roster files as an organisation brings them, made at test time so no binary fixture
// is kept in the repository: a CSV saved by older Excel or WPS (GBK, CRLF) and an XLSX,
// together 200 members over two branches, with ten bad rows of ten different kinds that
// the import must name by row and column (the rules: crates/model/src/org/roster.rs and
// member.rs; the reading: server/src/roster_file.rs).

/** One member as a roster row (dates `YYYY-MM-DD`; empty: not given). */
export interface RosterPerson {
  name: string;
  gender: '男' | '女';
  bornOn: string;
  joinedOn: string;
  fullOn: string;
  category: '正式党员' | '预备党员' | string;
  branch: string;
  group: string;
  post: string;
  mobile: string;
  /** Empty: the import makes one from the pinyin of the name. */
  login: string;
  /** The login the import makes from the name when none is given. */
  pinyin: string;
}

/** A row the preview must refuse, as the spreadsheet numbers it (the header is row 1). */
export interface BadRow {
  file: 'csv' | 'xlsx';
  row: number;
  /** The column's header as the file has it. */
  column: string;
  /** The API's error code for the problem. */
  code: string;
  /** What is wrong, for a test's failure message. */
  why: string;
  /** For the same person twice: the row they first appear on (the message names it). */
  sameAs?: number;
}

export interface RosterFiles {
  csv: { fileName: string; bytes: Buffer; members: RosterPerson[] };
  xlsx: { fileName: string; bytes: Buffer; members: RosterPerson[] };
  /** Every valid member of both files (200), each once. */
  members: RosterPerson[];
  /** The ten bad rows, five per file. */
  bad: BadRow[];
}

/** The roster's columns in the CSV, with an ID-card column the portal must ignore. */
export const CSV_HEADERS = [
  '姓名', '性别', '身份证号', '出生日期', '入党日期', '转正日期', '人员类别',
  '所在支部', '党小组', '党内职务', '手机号', '登录名',
] as const;

/** The XLSX names some columns the other ways organisations do (the import reads both). */
export const XLSX_HEADERS = [
  '姓名', '性别', '出生日期', '身份证号', '入党时间', '转正时间', '党员类别',
  '所在党支部', '党小组', '党内职务', '手机号码', '登录名',
] as const;

type Field = keyof RosterPerson | 'idCard';
const FIELDS: Record<string, Field> = {
  姓名: 'name', 性别: 'gender', 身份证号: 'idCard', 出生日期: 'bornOn',
  入党日期: 'joinedOn', 入党时间: 'joinedOn', 转正日期: 'fullOn', 转正时间: 'fullOn',
  人员类别: 'category', 党员类别: 'category', 所在支部: 'branch', 所在党支部: 'branch',
  党小组: 'group', 党内职务: 'post', 手机号: 'mobile', 手机号码: 'mobile', 登录名: 'login',
};

function header(headers: readonly string[], field: Field): string {
  const h = headers.find((h) => FIELDS[h] === field);
  if (!h) throw new Error(`no column for ${field}`);
  return h;
}

// Characters with one common reading each, so the login the import derives from a name
// is known here: no two members get the same pinyin, and the XLSX's derived logins do not
// change once the CSV is imported (its preview's hash stays valid).
const SURNAMES = '王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 周zhou 吴wu 徐xu 孙sun 马ma 朱zhu 胡hu 郭guo 林lin 罗luo 高gao 梁liang 宋song 郑zheng 谢xie 韩han 唐tang 冯feng 董dong 程cheng 袁yuan 邓deng';
const GIVEN = '建jian 国guo 华hua 明ming 丽li 军jun 伟wei 芳fang 敏min 静jing 磊lei 洋yang 勇yong 艳yan 杰jie 涛tao 秀xiu 霞xia 平ping 刚gang 英ying 红hong 文wen 辉hui 鹏peng 玲ling 宇yu 浩hao 晨chen 欣xin 琳lin 婷ting 志zhi 海hai 峰feng 波bo 燕yan 凯kai 雪xue 梅mei 兰lan 春chun 新xin 东dong 亮liang';

const pairs = (s: string) => s.split(' ').map((p) => [p[0], p.slice(1)] as const);

/** Distinct names, in the same order every run; `pinyin` is the login the import derives. */
function* names(): Generator<{ name: string; pinyin: string }> {
  const surnames = pairs(SURNAMES);
  const given = pairs(GIVEN);
  const seen = new Set<string>();
  for (let i = 0; ; i++) {
    const [s, sp] = surnames[i % surnames.length];
    const [a, ap] = given[(i * 7 + Math.floor(i / surnames.length)) % given.length];
    const [b, bp] = given[(i * 11 + 5) % given.length];
    // One name in five has a one-character given name, as many do.
    const [name, pinyin] = i % 5 === 3 ? [s + a, sp + ap] : [s + a + b, sp + ap + bp];
    if (a === b || seen.has(pinyin)) continue;
    seen.add(pinyin);
    yield { name, pinyin };
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** A member with plausible dates: joined at 20 to 34, full membership a year later;
 * every thirteenth is 预备党员 (joined in 2025, no 转正日期). */
function person(i: number, name: string, pinyin: string, branch: string): RosterPerson {
  const born = 1962 + (i * 7) % 38;
  const bornOn = ymd(born, 1 + (i * 5) % 12, 1 + (i * 3) % 28);
  const probationary = i % 13 === 6;
  const joinedOn = probationary
    ? ymd(2025, 7 + (i % 6), 1 + (i % 28))
    : ymd(Math.min(born + 20 + (i % 15), 2023), 1 + (i * 7) % 12, 1 + (i * 11) % 28);
  const [jy, jm, jd] = joinedOn.split('-').map(Number);
  return {
    name,
    gender: i % 3 === 1 ? '女' : '男',
    bornOn,
    joinedOn,
    fullOn: probationary ? '' : ymd(jy + 1, jm, jd),
    category: probationary ? '预备党员' : '正式党员',
    branch,
    group: '',
    post: '',
    // Some members left their number out.
    mobile: i % 9 === 4 ? '' : `1${[39, 58, 86, 37][i % 4]}${String(10_000_000 + i * 7_919).slice(-8)}`,
    // A quarter have a staff number as their login; the rest get one from pinyin.
    login: i % 4 === 0 ? `gh${20_000 + i}` : '',
    pinyin,
  };
}

/** Whether `YYYY-MM-DD` names a day of the calendar (a bad row's 2021-13-45 does not). */
function isDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** 1985-03-07 as Excel under a Chinese locale saves it to CSV: 1985/3/7. A date that is
 * no date stays as typed, so the bad row reads as the test says. */
function slashed(date: string): string {
  if (!isDate(date)) return date;
  const [y, m, d] = date.split('-').map(Number);
  return `${y}/${m}/${d}`;
}

/** Cells to CSV text: quoted where needed, CRLF line ends. */
function csvText(rows: string[][]): string {
  const cell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A CSV as older Excel and WPS save one: GBK, CRLF, dates as `1985/3/7`. */
export function gbkCsv(people: (RosterPerson & { idCard?: string })[]): Buffer {
  const rows = people.map((p) =>
    CSV_HEADERS.map((h) => {
      const f = FIELDS[h];
      const v = f === 'idCard' ? (p.idCard ?? '') : p[f];
      return f === 'bornOn' || f === 'joinedOn' || f === 'fullOn' ? slashed(v) : v;
    }),
  );
  return iconv.encode(csvText([[...CSV_HEADERS], ...rows]), 'gbk');
}

/** An XLSX as a spreadsheet keeps a roster: birth dates as date cells, mobile numbers
 * typed as numbers (the import reads both back as text). */
export async function rosterXlsx(people: (RosterPerson & { idCard?: string })[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('党员名册');
  sheet.addRow([...XLSX_HEADERS]);
  const bornColumn = XLSX_HEADERS.indexOf(header(XLSX_HEADERS, 'bornOn') as never) + 1;
  people.forEach((p, i) => {
    const row = sheet.addRow(
      XLSX_HEADERS.map((h) => {
        const f = FIELDS[h];
        const v = f === 'idCard' ? (p.idCard ?? '') : p[f];
        if (f === 'bornOn' && isDate(v)) {
          // Excel's day numbers count whole UTC days.
          const [y, m, d] = v.split('-').map(Number);
          return new Date(Date.UTC(y, m - 1, d));
        }
        if (f === 'mobile' && /^\d{11}$/.test(v) && i % 2 === 0) return Number(v);
        return v === '' ? null : v;
      }),
    );
    // A date cell is a number with a date format: without the format it reads as a number.
    row.getCell(bornColumn).numFmt = 'yyyy-mm-dd';
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** An ID-card-shaped value that is nobody's: the import must ignore the column. */
const dummyIdCard = (i: number) => `110101${String(19_000_000 + i).slice(-8)}000X`;

/**
 * Both files: 200 valid members (110 in the CSV, 90 in the XLSX) over `branchA` and
 * `branchB` (three in five in A), with 党小组, a few committee posts and 预备党员, and five bad rows in each.
 * `takenLogin` is an account that exists before the import (the administrator's).
 */
export async function rosterFiles(branchA: string, branchB: string, takenLogin = 'admin'): Promise<RosterFiles> {
  const stream = names();
  let n = 0;
  const next = (branch: string) => {
    const { name, pinyin } = stream.next().value!;
    return person(n++, name, pinyin, branch);
  };
  const make = (count: number) =>
    Array.from({ length: count }, (_, i) => {
      // Three in five in branch A, so the two branches' figures differ.
      const p = next(i % 5 < 3 ? branchA : branchB);
      // Branch A has two party groups, branch B one; some members are in none.
      if (p.branch === branchA && i % 3 !== 2) p.group = i % 3 === 0 ? '第一党小组' : '第二党小组';
      if (p.branch === branchB && i % 4 === 1) p.group = '第一党小组';
      return p;
    });
  const csvMembers = make(110);
  const xlsxMembers = make(90);
  // One committee post each, and each group's leader, split over the files. No 书记: the
  // administrator appoints the secretary after the import.
  const give = (p: RosterPerson, post: string) => { p.post = post; };
  give(csvMembers[4], '组织委员');
  give(csvMembers[9], '纪检委员');
  give(csvMembers.find((p) => p.branch === branchA && p.group === '第一党小组' && !p.post)!, '党小组长');
  give(xlsxMembers[6], '宣传委员');
  give(xlsxMembers.find((p) => p.branch === branchA && p.group === '第二党小组' && !p.post)!, '党小组长');
  give(xlsxMembers.find((p) => p.branch === branchB && p.group === '第一党小组' && !p.post)!, '党小组长');

  // The duplicate's first row has no login, so the import matches the two by name and
  // birth date.
  csvMembers[21].login = '';

  // Bad rows: each a new person (its own name) but for the one fault named.
  const bad: BadRow[] = [];
  type Fault = { person: RosterPerson; field: Field; code: string; why: string; at: number; dupOf?: RosterPerson };
  const faulty = (at: number, field: Field, code: string, why: string, change: (p: RosterPerson) => void): Fault => {
    const p = next(at % 2 === 0 ? branchA : branchB);
    change(p);
    return { person: p, field, code, why, at };
  };
  const csvFaults: Fault[] = [
    faulty(12, 'name', 'required', '姓名 empty', (p) => { p.name = ''; p.login = ''; }),
    faulty(31, 'branch', 'not_found', 'a branch that does not exist', (p) => { p.branch = '后勤服务中心党支部'; }),
    faulty(55, 'joinedOn', 'invalid_format', 'no such date', (p) => { p.joinedOn = '2021-13-45'; p.fullOn = ''; }),
    faulty(78, 'login', 'conflict', `the login ${takenLogin} is someone else's`, (p) => { p.login = takenLogin; }),
    // The same person again, further down (name and birth date; no login given).
    { person: { ...csvMembers[21], login: '' }, field: 'name', code: 'conflict', why: 'the same person twice', at: 96, dupOf: csvMembers[21] },
  ];
  const xlsxFaults: Fault[] = [
    faulty(7, 'mobile', 'invalid_format', 'ten digits', (p) => { p.mobile = '1380013800'; }),
    faulty(23, 'joinedOn', 'out_of_range', '入党 before birth', (p) => { p.bornOn = '1990-05-01'; p.joinedOn = '1985-07-01'; p.fullOn = '1986-07-01'; }),
    faulty(40, 'category', 'invalid_format', 'not a category of member', (p) => { p.category = '群众'; }),
    faulty(61, 'fullOn', 'conflict', '预备党员 with a 转正日期', (p) => {
      p.category = '预备党员';
      // Dates that are right in themselves, so the category is the only fault.
      p.joinedOn = '2020-07-01';
      p.fullOn = '2021-07-01';
    }),
    faulty(83, 'group', 'required', '党小组长 of no 党小组', (p) => { p.post = '党小组长'; p.group = ''; }),
  ];
  const place = (file: 'csv' | 'xlsx', valid: RosterPerson[], faults: Fault[], headers: readonly string[]) => {
    const rows: (RosterPerson & { idCard?: string })[] = [...valid];
    for (const f of [...faults].sort((a, b) => a.at - b.at)) rows.splice(f.at, 0, f.person);
    const rowOf = (p: RosterPerson) => rows.indexOf(p) + 2;
    for (const f of faults) {
      bad.push({
        file,
        row: rowOf(f.person),
        column: header(headers, f.field),
        code: f.code,
        why: f.why,
        ...(f.dupOf ? { sameAs: rowOf(f.dupOf) } : {}),
      });
    }
    return rows.map((p, i) => ({ ...p, idCard: dummyIdCard(i) }));
  };
  const csvRows = place('csv', csvMembers, csvFaults, CSV_HEADERS);
  const xlsxRows = place('xlsx', xlsxMembers, xlsxFaults, XLSX_HEADERS);
  return {
    csv: { fileName: '党员名册（支部汇总）.csv', bytes: gbkCsv(csvRows), members: csvMembers },
    xlsx: { fileName: '党员名册.xlsx', bytes: await rosterXlsx(xlsxRows), members: xlsxMembers },
    members: [...csvMembers, ...xlsxMembers],
    bad: bad.sort((a, b) => (a.file === b.file ? a.row - b.row : a.file === 'csv' ? -1 : 1)),
  };
}
