//! Importing a roster (名册) as organisations keep them, and what the preview shows.
//!
//! Decisions:
//! - Columns are found by their header, as organisations name them (姓名, 性别, 出生日期,
//!   入党日期, 转正日期, 人员类别, 所在支部, 党小组, 党内职务, 手机号, 登录名, with common
//!   variants); 姓名 and 所在支部 are required; every other column (an ID-card number
//!   included) is ignored and never stored, and the preview lists what was ignored.
//! - A row is the same person as a member already stored when it names their login, or,
//!   without a login, their name and date of birth (or their name in the same branch
//!   when no date is given). Such a row changes nothing: an import only adds, edits go
//!   through the member form. So importing the same file twice adds nothing.
//! - A row without a login gets one from the pinyin of the name (王建国 → wangjianguo,
//!   then wangjianguo2 …), unique among stored members and the file's rows.
//! - Nothing is written by the preview. The confirmation carries the preview's hash,
//!   a SHA-256 over the file and the plan made from it; the server makes the plan again
//!   and writes only if the hash is the same (otherwise `hash` `conflict`: preview
//!   again), so what is written is exactly what the administrator saw. Rows with a
//!   problem are skipped; fixing them and importing again adds them.

use super::post::Post;
use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};

/// Each column the portal reads: the field it fills and the headers that name it.
pub const COLUMNS: [(&str, &[&str]); 11] = [
    ("display_name", &["姓名", "名字"]),
    ("gender", &["性别"]),
    ("born_on", &["出生日期", "出生年月日", "生日"]),
    ("joined_party_on", &["入党日期", "入党时间"]),
    ("full_member_on", &["转正日期", "转正时间"]),
    ("category", &["人员类别", "党员类别", "类别"]),
    ("branch", &["所在支部", "所在党支部", "党支部", "支部"]),
    ("party_group", &["党小组", "所在党小组"]),
    ("post", &["党内职务", "职务"]),
    ("mobile", &["手机号", "手机号码", "手机", "联系电话"]),
    ("login", &["登录名", "账号", "用户名"]),
];

/// The headers an export writes, in order (an export imports again as it is).
pub const EXPORT_HEADERS: [&str; 11] = [
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
];

/// The field a header names, if the portal reads it.
pub fn field_of_header(header: &str) -> Option<&'static str> {
    let h = header.trim().trim_start_matches('\u{feff}').trim();
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&h))
        .map(|(field, _)| *field)
}

/// `POST /api/v1/org/roster/preview` and `…/import`: the file as base64 (CSV in UTF-8,
/// with or without BOM, or GBK; XLSX), and for the import the preview's `hash`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRequest {
    #[serde(default)]
    pub file_name: String,
    #[serde(default)]
    pub content_base64: String,
    #[serde(default)]
    pub hash: String,
}

/// What a row will do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    /// A new member.
    Add,
    /// A member already stored: nothing changes.
    Existing,
    /// A problem (see `problems`): skipped.
    Skip,
}

/// One data row of the file (`row` as the spreadsheet numbers it: the header is 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewRow {
    pub row: u32,
    pub action: RowAction,
    pub display_name: String,
    /// Given, derived from pinyin, or the stored member's.
    pub login: String,
    pub login_derived: bool,
    pub branch: String,
    pub party_group: Option<String>,
    pub post: Option<Post>,
    /// The stored member this row is.
    pub member_id: Option<crate::MemberId>,
}

/// A problem with one cell (or, row 1, with the headers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowProblem {
    pub row: u32,
    /// The column's header as the file has it.
    pub column: String,
    pub field: String,
    pub code: ErrorCode,
    /// In the request's language.
    pub message: String,
}

/// The preview: every row, every problem, and the hash the import must carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPreview {
    pub hash: String,
    pub rows: Vec<PreviewRow>,
    pub problems: Vec<RowProblem>,
    /// Headers of columns the portal does not keep (never stored).
    pub ignored_columns: Vec<String>,
    /// Party groups the import makes: `(branch, group)`.
    pub new_groups: Vec<(String, String)>,
    pub add: u32,
    pub existing: u32,
    pub skip: u32,
}

/// The import's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportDone {
    pub added: u32,
    pub existing: u32,
    pub skipped: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_as_organisations_write_them() {
        assert_eq!(field_of_header("\u{feff}姓名"), Some("display_name"));
        assert_eq!(field_of_header(" 所在党支部 "), Some("branch"));
        assert_eq!(field_of_header("手机号码"), Some("mobile"));
        assert_eq!(field_of_header("身份证号"), None);
        for h in EXPORT_HEADERS {
            assert!(field_of_header(h).is_some(), "{h}");
        }
    }
}
