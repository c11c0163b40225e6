//! Roster files: reading CSV (UTF-8 with or without BOM, or GBK as older Excel and WPS
//! save it) and XLSX into cells, planning an import (model `org/roster.rs` states the
//! rules), and writing the roster as XLSX or CSV (UTF-8 with BOM, which Excel opens as
//! UTF-8). The plan is made from the file and a snapshot of what is stored, so the
//! preview and the import make the same plan, and the same hash, from the same state.

use crate::repo::NewRosterMember;
use calamine::{Data, Reader};
use chrono::NaiveDate;
use pinyin::ToPinyin;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use zhibu_model::ids::PartyGroupId;
use zhibu_model::org::member::{Person, PersonInput};
use zhibu_model::org::post::Post;
use zhibu_model::org::roster::{ImportPreview, PreviewRow, RowAction, RowProblem, field_of_header};
use zhibu_model::{BranchId, ErrorCode, FieldError, Lang, LoginName, MemberId, ymd};

/// The largest roster file read (a few thousand members are far smaller).
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// A file's cells: the header row and the data rows, as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn unreadable() -> FieldError {
    FieldError::new("file", ErrorCode::InvalidFormat)
}

/// Reads a file by its content (an XLSX is a zip) rather than its name alone.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Sheet, FieldError> {
    let xlsx = bytes.starts_with(b"PK\x03\x04") || file_name.to_lowercase().ends_with(".xlsx");
    let mut cells = if xlsx {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    // Trailing empty rows (Excel keeps formatting below the data) are not rows.
    while cells
        .last()
        .is_some_and(|r| r.iter().all(|c| c.trim().is_empty()))
    {
        cells.pop();
    }
    if cells.is_empty() {
        return Err(FieldError::new("file", ErrorCode::Required));
    }
    let headers = cells.remove(0);
    Ok(Sheet {
        headers,
        rows: cells,
    })
}

/// UTF-8 (a BOM dropped) when the bytes are UTF-8, else GBK (GB18030, its superset).
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, FieldError> {
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|r| r.iter().map(str::to_owned).collect())
                .map_err(|_| unreadable())
        })
        .collect()
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, FieldError> {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| FieldError::new("file", ErrorCode::Required))?
        .map_err(|_| unreadable())?;
    Ok(range
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect())
}

/// A cell as the roster means it: dates as `YYYY-MM-DD`, whole numbers (a mobile number
/// typed as a number) without a decimal point.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|d| ymd::format(d.date()))
            .unwrap_or_default(),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(_) => String::new(),
    }
}

/// Dates as spreadsheets write them (`1990/1/2`, `1990.01.02`, `1990年1月2日`,
/// `19900102`) as `YYYY-MM-DD`; anything else is left for the date rule to refuse.
pub fn normalise_date(raw: &str) -> String {
    let raw = raw.trim();
    if raw.len() == 8 && raw.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{}-{}-{}", &raw[0..4], &raw[4..6], &raw[6..8]);
    }
    let parts: Vec<&str> = raw
        .split(['/', '.', '-', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    if let [y, m, d] = parts.as_slice()
        && y.len() == 4
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
        && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
    {
        return ymd::format(date);
    }
    raw.to_owned()
}

/// A login from the pinyin of a name: 王建国 → `wangjianguo`; ASCII letters and digits
/// kept, anything else dropped.
pub fn pinyin_login(name: &str) -> String {
    let mut out = String::new();
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => out.push_str(p.plain()),
            None if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            None => {}
        }
    }
    if out.is_empty() {
        out.push_str("member");
    }
    out.truncate(LoginName::MAX as usize - 4);
    out
}

/// The first of `base`, `base2`, `base3` … that nobody has.
fn unique_login(base: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|l| !taken.contains(l))
        .expect("an unused number")
}

/// What is stored, as the plan needs it.
#[derive(Clone, Debug, Default)]
pub struct Known {
    /// Open branches by name.
    pub branches: HashMap<String, BranchId>,
    /// Open groups by branch and name.
    pub groups: HashMap<(BranchId, String), PartyGroupId>,
    /// Every member, any status.
    pub members: Vec<KnownMember>,
    /// Branches whose 书记 post is held now.
    pub with_secretary: HashSet<BranchId>,
}

#[derive(Clone, Debug)]
pub struct KnownMember {
    pub id: MemberId,
    pub login: String,
    pub display_name: String,
    pub born_on: Option<String>,
    pub branch_id: Option<BranchId>,
}

/// The plan: the preview (messages in `lang`) and what the import writes.
pub struct Plan {
    pub preview: ImportPreview,
    pub adds: Vec<NewRosterMember>,
    /// Groups to make first: `(branch, name, id)`.
    pub new_groups: Vec<(BranchId, String, PartyGroupId)>,
}

struct Columns {
    by_field: HashMap<&'static str, usize>,
    headers: Vec<String>,
}

impl Columns {
    fn cell<'a>(&self, row: &'a [String], field: &str) -> &'a str {
        self.by_field
            .get(field)
            .and_then(|&i| row.get(i))
            .map_or("", |s| s.trim())
    }

    fn header(&self, field: &str) -> String {
        self.by_field
            .get(field)
            .map(|&i| {
                self.headers[i]
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_owned()
            })
            .unwrap_or_else(|| field.to_owned())
    }
}

/// Plans the import of `sheet` over what is `known`, on China's `today`.
pub fn plan(bytes: &[u8], sheet: &Sheet, known: &Known, today: NaiveDate, lang: Lang) -> Plan {
    let mut by_field = HashMap::new();
    let mut ignored = Vec::new();
    for (i, h) in sheet.headers.iter().enumerate() {
        match field_of_header(h) {
            Some(f) if !by_field.contains_key(f) => {
                by_field.insert(f, i);
            }
            _ if !h.trim().is_empty() => ignored.push(h.trim().to_owned()),
            _ => {}
        }
    }
    let cols = Columns {
        by_field,
        headers: sheet.headers.clone(),
    };
    let mut problems: Vec<RowProblem> = Vec::new();
    let problem = |problems: &mut Vec<RowProblem>,
                   row: u32,
                   field: &str,
                   e: FieldError,
                   extra: Option<String>| {
        let mut message = e.message(lang);
        if let Some(extra) = extra {
            message.push_str(&extra);
        }
        problems.push(RowProblem {
            row,
            column: cols.header(field),
            field: field.to_owned(),
            code: e.code,
            message,
        });
    };
    let mut rows = Vec::new();
    let mut adds = Vec::new();
    let mut new_groups: Vec<(BranchId, String, PartyGroupId)> = Vec::new();
    if !cols.by_field.contains_key("display_name") || !cols.by_field.contains_key("branch") {
        problem(
            &mut problems,
            1,
            "file",
            FieldError::new("file", ErrorCode::Required),
            None,
        );
        return finish(bytes, rows, problems, ignored, Vec::new(), Vec::new());
    }

    let mut taken: HashSet<String> = known.members.iter().map(|m| m.login.clone()).collect();
    let by_login: HashMap<&str, &KnownMember> = known
        .members
        .iter()
        .map(|m| (m.login.as_str(), m))
        .collect();
    // The same person twice in the file: by login when given, else by name and birth.
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut secretaries: HashSet<BranchId> = known.with_secretary.clone();

    for (i, cells) in sheet.rows.iter().enumerate() {
        let row = u32::try_from(i + 2).unwrap_or(u32::MAX);
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let before = problems.len();
        let input = PersonInput {
            display_name: cols.cell(cells, "display_name").to_owned(),
            mobile: cols.cell(cells, "mobile").to_owned(),
            gender: cols.cell(cells, "gender").to_owned(),
            born_on: normalise_date(cols.cell(cells, "born_on")),
            joined_party_on: normalise_date(cols.cell(cells, "joined_party_on")),
            full_member_on: normalise_date(cols.cell(cells, "full_member_on")),
            category: cols.cell(cells, "category").to_owned(),
        };
        let person: Option<Person> = match input.parse_all(today) {
            Ok(p) => Some(p),
            Err(all) => {
                for e in all {
                    let field = e.field.clone();
                    problem(&mut problems, row, &field, e, None);
                }
                None
            }
        };
        let branch_name = cols.cell(cells, "branch").to_owned();
        let branch = if branch_name.is_empty() {
            problem(
                &mut problems,
                row,
                "branch",
                FieldError::new("branch", ErrorCode::Required),
                None,
            );
            None
        } else {
            let b = known.branches.get(&branch_name).copied();
            if b.is_none() {
                problem(
                    &mut problems,
                    row,
                    "branch",
                    FieldError::new("branch", ErrorCode::NotFound),
                    None,
                );
            }
            b
        };
        let group_name = cols.cell(cells, "party_group");
        let group = if group_name.is_empty() {
            None
        } else {
            match zhibu_model::party_group::PartyGroup::parse_field("party_group", group_name) {
                Ok(g) => Some(g.as_str().to_owned()),
                Err(e) => {
                    problem(&mut problems, row, "party_group", e, None);
                    None
                }
            }
        };
        let post = match Post::from_roster(cols.cell(cells, "post")) {
            Ok(p) => p,
            Err(e) => {
                problem(&mut problems, row, "post", e, None);
                None
            }
        };
        if post == Some(Post::GroupLeader) && group.is_none() {
            problem(
                &mut problems,
                row,
                "party_group",
                FieldError::new("party_group", ErrorCode::Required),
                None,
            );
        }
        let login_cell = cols.cell(cells, "login");
        let login = if login_cell.is_empty() {
            None
        } else {
            match LoginName::parse(login_cell) {
                Ok(l) => Some(l.as_str().to_owned()),
                Err(e) => {
                    problem(&mut problems, row, "login", e, None);
                    None
                }
            }
        };
        let name = input.display_name.trim().to_owned();
        let born = person.as_ref().and_then(|p| p.born_on).map(ymd::format);
        // Is this a member already stored?
        let existing: Option<&KnownMember> = match &login {
            Some(l) => match by_login.get(l.as_str()) {
                Some(m) if m.display_name == name => Some(m),
                Some(_) => {
                    problem(
                        &mut problems,
                        row,
                        "login",
                        FieldError::new("login", ErrorCode::Conflict),
                        None,
                    );
                    None
                }
                None => None,
            },
            None if !name.is_empty() => known.members.iter().find(|m| {
                m.display_name == name
                    && match (&born, &m.born_on) {
                        (Some(b), Some(mb)) => b == mb,
                        (None, _) => branch.is_some() && m.branch_id == branch,
                        (Some(_), None) => false,
                    }
            }),
            None => None,
        };
        let key = match (&login, &existing) {
            (Some(l), _) => format!("login:{l}"),
            (None, Some(m)) => format!("login:{}", m.login),
            (None, None) => format!("person:{name}/{}", born.clone().unwrap_or_default()),
        };
        if !name.is_empty() {
            if let Some(first) = seen.get(&key) {
                let extra = match lang {
                    Lang::ZhCn => format!("（与第 {first} 行重复）"),
                    Lang::En => format!(" (the same as row {first})"),
                };
                problem(
                    &mut problems,
                    row,
                    "display_name",
                    FieldError::new("display_name", ErrorCode::Conflict),
                    Some(extra),
                );
            } else {
                seen.insert(key, row);
            }
        }
        let mut action = if problems.len() > before {
            RowAction::Skip
        } else if existing.is_some() {
            RowAction::Existing
        } else {
            RowAction::Add
        };
        if action == RowAction::Add
            && post == Some(Post::Secretary)
            && let Some(b) = branch
            && !secretaries.insert(b)
        {
            problem(
                &mut problems,
                row,
                "post",
                FieldError::new("post", ErrorCode::Conflict),
                None,
            );
            action = RowAction::Skip;
        }
        let (login, derived) = match (&existing, login) {
            (Some(m), _) => (m.login.clone(), false),
            (None, Some(l)) => (l, false),
            (None, None) if action == RowAction::Add => {
                (unique_login(&pinyin_login(&name), &taken), true)
            }
            (None, None) => (String::new(), false),
        };
        if action == RowAction::Add
            && let (Some(person), Some(branch)) = (person, branch)
        {
            taken.insert(login.clone());
            let group_id = group.as_ref().map(|g| {
                if let Some(id) = known.groups.get(&(branch, g.clone())) {
                    *id
                } else if let Some((_, _, id)) =
                    new_groups.iter().find(|(b, n, _)| *b == branch && n == g)
                {
                    *id
                } else {
                    let id = PartyGroupId::new();
                    new_groups.push((branch, g.clone(), id));
                    id
                }
            });
            adds.push(NewRosterMember {
                id: MemberId::new(),
                login: login.clone(),
                person,
                branch,
                group: group_id,
                post,
            });
        }
        rows.push(PreviewRow {
            row,
            action,
            display_name: name,
            login,
            login_derived: derived,
            branch: branch_name,
            party_group: group,
            post,
            member_id: existing.map(|m| m.id),
        });
    }
    let names: HashMap<BranchId, String> = known
        .branches
        .iter()
        .map(|(n, b)| (*b, n.clone()))
        .collect();
    let groups_shown = new_groups
        .iter()
        .map(|(b, g, _)| (names.get(b).cloned().unwrap_or_default(), g.clone()))
        .collect();
    let mut plan = finish(bytes, rows, problems, ignored, adds, new_groups);
    plan.preview.new_groups = groups_shown;
    plan
}

fn finish(
    bytes: &[u8],
    rows: Vec<PreviewRow>,
    problems: Vec<RowProblem>,
    ignored: Vec<String>,
    adds: Vec<NewRosterMember>,
    new_groups: Vec<(BranchId, String, PartyGroupId)>,
) -> Plan {
    let count = |a| u32::try_from(rows.iter().filter(|r| r.action == a).count()).unwrap_or(0);
    let (add, existing, skip) = (
        count(RowAction::Add),
        count(RowAction::Existing),
        count(RowAction::Skip),
    );
    // The file and what the plan does with it, never its messages' language.
    let mut h = Sha256::new();
    h.update(Sha256::digest(bytes));
    for r in &rows {
        h.update(
            format!(
                "{}\u{1f}{:?}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1e}",
                r.row,
                r.action,
                r.display_name,
                r.login,
                r.branch,
                r.party_group,
                r.post,
                r.member_id
            )
            .as_bytes(),
        );
    }
    for p in &problems {
        h.update(format!("{}\u{1f}{}\u{1f}{:?}\u{1e}", p.row, p.field, p.code).as_bytes());
    }
    let hash = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Plan {
        preview: ImportPreview {
            hash,
            rows,
            problems,
            ignored_columns: ignored,
            new_groups: Vec::new(),
            add,
            existing,
            skip,
        },
        adds,
        new_groups,
    }
}

/// One member's line of an export, in `EXPORT_HEADERS`' order.
pub type ExportLine = [String; 11];

/// The roster as CSV, UTF-8 with a BOM so Excel reads it as UTF-8.
pub fn write_csv(lines: &[ExportLine]) -> Result<Vec<u8>, crate::BoxError> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(zhibu_model::org::roster::EXPORT_HEADERS)?;
        for l in lines {
            w.write_record(l)?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// The roster as XLSX, every cell text (a mobile number or a date stays as typed).
pub fn write_xlsx(lines: &[ExportLine]) -> Result<Vec<u8>, crate::BoxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("名册")?;
    for (c, h) in zhibu_model::org::roster::EXPORT_HEADERS.iter().enumerate() {
        sheet.write_string(0, u16::try_from(c)?, *h)?;
    }
    for (r, l) in lines.iter().enumerate() {
        for (c, v) in l.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(u32::try_from(r + 1)?, u16::try_from(c)?, v)?;
            }
        }
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_utf8_with_or_without_bom_read_the_same() {
        let text = "姓名,所在支部\n王建国,调度所党支部\n";
        let (gbk, _, bad) = encoding_rs::GBK.encode(text);
        assert!(!bad);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        for bytes in [text.as_bytes(), &bom, &gbk] {
            let sheet = read("名册.csv", bytes).unwrap();
            assert_eq!(sheet.headers, ["姓名", "所在支部"]);
            assert_eq!(sheet.rows, [["王建国", "调度所党支部"]]);
        }
    }

    #[test]
    fn logins_come_from_pinyin_and_stay_unique() {
        assert_eq!(pinyin_login("王建国"), "wangjianguo");
        assert_eq!(pinyin_login("Li 娜"), "lina");
        assert_eq!(pinyin_login("·"), "member");
        let taken: HashSet<String> = ["wangjianguo".into(), "wangjianguo2".into()].into();
        assert_eq!(unique_login("wangjianguo", &taken), "wangjianguo3");
    }

    #[test]
    fn spreadsheet_dates_are_read() {
        for raw in [
            "1990/1/2",
            "1990.01.02",
            "1990年1月2日",
            "19900102",
            "1990-01-02",
        ] {
            assert_eq!(normalise_date(raw), "1990-01-02", "{raw}");
        }
        assert_eq!(normalise_date("1990.13.02"), "1990.13.02");
    }

    #[test]
    fn an_export_reads_back_as_it_was_written() {
        let line: ExportLine = [
            "王建国",
            "男",
            "1970-05-01",
            "1995-07-01",
            "1996-07-01",
            "正式党员",
            "调度所党支部",
            "",
            "组织委员",
            "13800138000",
            "wangjianguo",
        ]
        .map(String::from);
        for bytes in [
            write_csv(std::slice::from_ref(&line)).unwrap(),
            write_xlsx(std::slice::from_ref(&line)).unwrap(),
        ] {
            let sheet = read("x", &bytes).unwrap();
            assert_eq!(sheet.headers.len(), 11);
            assert_eq!(sheet.rows[0], line.to_vec());
        }
    }
}
