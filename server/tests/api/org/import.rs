//! Importing a roster: a GBK CSV and an XLSX of 200 members with 10 bad rows. The
//! preview names each bad row, column and reason and writes nothing; the import writes
//! exactly the preview; importing again adds nothing; an export imports as it is.

use super::*;
use crate::sync::session;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zhibu_model::ErrorCode;
use zhibu_model::org::roster::{ImportDone, ImportPreview, RowAction};

const OFFICE: &str = "综合办公室党支部（示例）";
const DISPATCH: &str = "调度所党支部（示例）";
const HEADERS: [&str; 12] = [
    "姓名",
    "性别",
    "出生日期",
    "入党日期",
    "转正日期",
    "人员类别",
    "所在支部",
    "党小组",
    "党内职务",
    "手机号",
    "登录名",
    "身份证号",
];

/// 200 rows; rows (spreadsheet numbers) 12, 30 lack a name, 45, 60 name no branch, 75,
/// 90 have bad dates, 105, 120 take a login, 135, 150 repeat rows 20 and 21.
fn roster() -> Vec<[String; 12]> {
    let surnames = ["赵", "钱", "孙", "周", "吴", "冯", "陈", "褚", "卫", "蒋"];
    let given = [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "涛", "超",
        "霞", "平", "刚", "桂英", "秀兰",
    ];
    let mut rows = Vec::new();
    for i in 0..200 {
        let name = format!("{}{}", surnames[i % 10], given[i / 10]);
        let branch = if i % 3 == 0 { DISPATCH } else { OFFICE };
        let year = 1960 + (i % 40);
        let mut row = [
            name,
            if i % 2 == 0 { "男" } else { "女" }.to_owned(),
            format!("{year}/{}/{}", 1 + i % 12, 1 + i % 28),
            format!("{}-07-01", year + 25),
            format!("{}.07.01", year + 26),
            "正式党员".to_owned(),
            branch.to_owned(),
            String::new(),
            String::new(),
            format!("139{:08}", i),
            String::new(),
            format!("11010119900101{:04}", i),
        ];
        if i == 4 {
            row[7] = "第一党小组".into();
            row[8] = "党小组长".into();
        }
        if i == 5 {
            row[10] = "own.login".into();
        }
        rows.push(row);
    }
    let at = |n: usize| n - 2;
    rows[at(12)][0] = String::new();
    rows[at(30)][0] = "  ".into();
    rows[at(45)][6] = "不存在的党支部".into();
    rows[at(60)][6] = "另一个党支部".into();
    rows[at(75)][2] = "1990-02-30".into();
    rows[at(90)][3] = "明年七月".into();
    rows[at(105)][10] = "linxiaolan".into();
    rows[at(120)][10] = "hezhendong".into();
    rows[at(135)] = rows[at(20)].clone();
    rows[at(150)] = rows[at(21)].clone();
    rows
}

fn csv_gbk(rows: &[[String; 12]]) -> Vec<u8> {
    let mut text = HEADERS.join(",") + "\r\n";
    for r in rows {
        text.push_str(&r.join(","));
        text.push_str("\r\n");
    }
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "really GBK, not UTF-8"
    );
    bytes.into_owned()
}

fn xlsx(rows: &[[String; 12]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            // Birth dates as real date cells, mobile numbers as numbers: as Excel has them.
            if c == 2
                && let Ok(d) = chrono::NaiveDate::parse_from_str(v, "%Y/%m/%d")
            {
                let d = rust_xlsxwriter::ExcelDateTime::from_ymd(
                    d.format("%Y").to_string().parse().unwrap(),
                    d.format("%m").to_string().parse().unwrap(),
                    d.format("%d").to_string().parse().unwrap(),
                )
                .unwrap();
                sheet.write_datetime_with_format(r, c, &d, &date).unwrap();
            } else if c == 9 && !v.is_empty() {
                sheet.write_number(r, c, v.parse::<f64>().unwrap()).unwrap();
            } else if !v.is_empty() {
                sheet.write_string(r, c, v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn body(name: &str, bytes: &[u8], hash: Option<&str>) -> Value {
    json!({"file_name": name, "content_base64": STANDARD.encode(bytes), "hash": hash.unwrap_or("")})
}

async fn preview(app: &TestApp, who: &Session, lang: &str, name: &str, bytes: &[u8]) -> Response {
    who.client
        .post(app.url("/api/v1/org/roster/preview"))
        .header("accept-language", lang)
        .json(&body(name, bytes, None))
        .send()
        .await
        .unwrap()
}

async fn import(app: &TestApp, who: &Session, name: &str, bytes: &[u8], hash: &str) -> Response {
    who.client
        .post(app.url("/api/v1/org/roster/import"))
        .json(&body(name, bytes, Some(hash)))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_gbk_csv_then_an_xlsx_of_the_same_roster() {
    let app = spawn().await;
    let admin = session(&app, "admin").await;
    let rows = roster();
    let csv = csv_gbk(&rows);
    let members = count(&app, "members").await;

    let p: ImportPreview = ok(preview(&app, &admin, "zh-CN", "名册.csv", &csv).await).await;
    assert_eq!((p.add, p.existing, p.skip), (190, 0, 10));
    assert_eq!(p.ignored_columns, ["身份证号"]);
    assert_eq!(p.new_groups, [(OFFICE.to_owned(), "第一党小组".to_owned())]);
    let bad: Vec<u32> = p
        .rows
        .iter()
        .filter(|r| r.action == RowAction::Skip)
        .map(|r| r.row)
        .collect();
    assert_eq!(bad, [12, 30, 45, 60, 75, 90, 105, 120, 135, 150]);
    let problem = |row: u32| p.problems.iter().find(|x| x.row == row).unwrap();
    assert_eq!(
        (problem(12).column.as_str(), problem(12).message.as_str()),
        ("姓名", "请填写姓名")
    );
    assert_eq!(problem(45).column, "所在支部");
    assert_eq!(problem(45).message, "所在支部不存在或已删除");
    assert_eq!(
        (problem(75).column.as_str(), problem(75).code),
        ("出生日期", ErrorCode::InvalidFormat)
    );
    assert_eq!(problem(90).column, "入党日期");
    assert_eq!(
        (problem(105).column.as_str(), problem(105).message.as_str()),
        ("登录名", "登录名已被占用")
    );
    assert_eq!(problem(135).column, "姓名");
    assert!(
        problem(135).message.contains("与第 20 行重复"),
        "{}",
        problem(135).message
    );
    // Logins: given, or from pinyin.
    let row = |n: u32| p.rows.iter().find(|r| r.row == n).unwrap();
    assert_eq!(
        (row(2).login.as_str(), row(2).login_derived),
        ("zhaowei", true)
    );
    assert_eq!(
        (row(7).login.as_str(), row(7).login_derived),
        ("own.login", false)
    );
    assert_eq!(
        count(&app, "members").await,
        members,
        "a preview writes nothing"
    );

    // In English too.
    let en: ImportPreview = ok(preview(&app, &admin, "en", "名册.csv", &csv).await).await;
    let m = &en.problems.iter().find(|x| x.row == 45).unwrap().message;
    assert_eq!(m, "Branch does not exist or was deleted");
    assert_eq!(
        en.hash, p.hash,
        "the hash is the plan's, not its language's"
    );

    // Only the previewed content is written.
    let response = import(&app, &admin, "名册.csv", &csv, "0000").await;
    let e = api_error(response, StatusCode::CONFLICT).await;
    assert_eq!(e.field.as_deref(), Some("hash"));
    let mut other = rows.clone();
    other[0][9] = "13700000000".into();
    let response = import(&app, &admin, "名册.csv", &csv_gbk(&other), &p.hash).await;
    api_error(response, StatusCode::CONFLICT).await;
    assert_eq!(count(&app, "members").await, members);

    let done: ImportDone = ok(import(&app, &admin, "名册.csv", &csv, &p.hash).await).await;
    assert_eq!((done.added, done.existing, done.skipped), (190, 0, 10));
    assert_eq!(count(&app, "members").await, members + 190);
    let found = search(&app, &admin, "q=zhaowei").await;
    assert_eq!(found.members[0].display_name, "赵伟");
    assert!(
        !found.members[0].activated,
        "a code is issued when it is handed over"
    );
    let (office, _) = demo_branches(&app, &admin).await;
    let groups = detail_of(&app, &admin, office).await.groups;
    assert_eq!(
        (groups[0].name.as_str(), groups[0].members),
        ("第一党小组", 1)
    );

    // The same file again: nothing new.
    let again: ImportPreview = ok(preview(&app, &admin, "zh-CN", "名册.csv", &csv).await).await;
    assert_eq!((again.add, again.existing, again.skip), (0, 190, 10));
    let done: ImportDone = ok(import(&app, &admin, "名册.csv", &csv, &again.hash).await).await;
    assert_eq!(done.added, 0);
    assert_eq!(count(&app, "members").await, members + 190);

    // The XLSX of the same people: the same members, nothing new.
    let book = xlsx(&rows);
    let p: ImportPreview = ok(preview(&app, &admin, "zh-CN", "名册.xlsx", &book).await).await;
    assert_eq!(
        (p.add, p.existing, p.skip),
        (0, 190, 10),
        "{:?}",
        &p.problems[..3]
    );
}

#[tokio::test]
async fn an_xlsx_imports_and_an_export_imports_as_it_is() {
    let app = spawn().await;
    let admin = session(&app, "admin").await;
    let book = xlsx(&roster());
    let p: ImportPreview = ok(preview(&app, &admin, "zh-CN", "名册.xlsx", &book).await).await;
    assert_eq!((p.add, p.skip), (190, 10));
    let done: ImportDone = ok(import(&app, &admin, "名册.xlsx", &book, &p.hash).await).await;
    assert_eq!(done.added, 190);

    for kind in ["csv", "xlsx"] {
        let response = admin
            .client
            .get(app.url(&format!("/api/v1/org/roster.{kind}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = response.bytes().await.unwrap();
        if kind == "csv" {
            assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
        }
        let p: ImportPreview =
            ok(preview(&app, &admin, "zh-CN", &format!("export.{kind}"), &bytes).await).await;
        assert_eq!(
            (p.add, p.existing, p.skip),
            (0, 204, 0),
            "{:?}",
            p.problems.first()
        );
    }

    // A secretary exports their own branch only; a member nothing.
    let he = session(&app, "hezhendong").await;
    let response = he
        .client
        .get(app.url("/api/v1/org/roster.csv"))
        .send()
        .await
        .unwrap();
    let text = String::from_utf8(response.bytes().await.unwrap().to_vec()).unwrap();
    assert!(text.contains(DISPATCH) && !text.contains(OFFICE));
    let wang = session(&app, "wangjianguo").await;
    let response = wang
        .client
        .get(app.url("/api/v1/org/roster.csv"))
        .send()
        .await
        .unwrap();
    api_error(response, StatusCode::FORBIDDEN).await;
}

#[tokio::test]
async fn only_the_administrator_imports_and_bad_files_are_named() {
    let app = spawn().await;
    let admin = session(&app, "admin").await;
    let csv = csv_gbk(&roster()[..3]);
    for login in ["linxiaolan", "chenzhiyuan", "wangjianguo"] {
        let who = session(&app, login).await;
        api_error(
            preview(&app, &who, "zh-CN", "名册.csv", &csv).await,
            StatusCode::FORBIDDEN,
        )
        .await;
        api_error(
            import(&app, &who, "名册.csv", &csv, "x").await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let m = field_error(
        preview(&app, &admin, "zh-CN", "名册.xlsx", b"PK\x03\x04 not a zip").await,
        "file",
        ErrorCode::InvalidFormat,
    )
    .await;
    assert!(m.contains("无法读取"), "{m}");
    let p: ImportPreview = ok(preview(
        &app,
        &admin,
        "zh-CN",
        "名册.csv",
        "名字,电话\n张三,1\n".as_bytes(),
    )
    .await)
    .await;
    assert_eq!(
        (p.problems[0].row, p.problems[0].field.as_str()),
        (1, "file")
    );
    let response = admin
        .client
        .post(app.url("/api/v1/org/roster/preview"))
        .json(&json!({"file_name": "x.csv", "content_base64": "not base64!"}))
        .send()
        .await
        .unwrap();
    field_error(response, "file", ErrorCode::InvalidFormat).await;
    field_error(
        import(&app, &admin, "名册.csv", &csv, "").await,
        "hash",
        ErrorCode::Required,
    )
    .await;
}
