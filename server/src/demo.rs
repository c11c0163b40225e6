//! The demo organisation (`--demo`): two branches and fifteen fictional accounts, so the
//! app can be tried at once. Seeded only into a database without branches, so it never
//! mixes with a real organisation.

use crate::AppState;
use crate::clock::now_millis;
use crate::error::BoxError;
use crate::repo::{NewBranch, NewMember};
use chrono::NaiveDate;
use zhibu_model::org::post::Post;
use zhibu_model::{BranchId, MemberId, Role};

pub const DEMO_ORGANISATION: &str = "示例铁路局机关党委";
/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "zhibu-demo-2026";
pub const DEMO_BRANCHES: [&str; 2] = ["综合办公室党支部（示例）", "调度所党支部（示例）"];

/// One demo account. `branch` indexes [`DEMO_BRANCHES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoAccount {
    pub display_name: &'static str,
    pub login: &'static str,
    pub role: Role,
    pub branch: Option<usize>,
    /// 入党日期, YYYY-MM-DD.
    pub joined_party_on: Option<&'static str>,
}

const fn account(
    display_name: &'static str,
    login: &'static str,
    role: Role,
    branch: Option<usize>,
    joined_party_on: Option<&'static str>,
) -> DemoAccount {
    DemoAccount {
        display_name,
        login,
        role,
        branch,
        joined_party_on,
    }
}

const OFFICE: Option<usize> = Some(0);
const DISPATCH: Option<usize> = Some(1);

const ROSTER: [DemoAccount; 15] = [
    account(
        "林晓岚",
        "linxiaolan",
        Role::Secretary,
        OFFICE,
        Some("2001-06-28"),
    ),
    account(
        "陈志远",
        "chenzhiyuan",
        Role::Committee,
        OFFICE,
        Some("1998-11-15"),
    ),
    account(
        "周雨桐",
        "zhouyutong",
        Role::Committee,
        OFFICE,
        Some("2012-05-04"),
    ),
    account(
        "王建国",
        "wangjianguo",
        Role::Member,
        OFFICE,
        Some("1995-07-01"),
    ),
    account(
        "李秀英",
        "lixiuying",
        Role::Member,
        OFFICE,
        Some("1999-03-20"),
    ),
    account(
        "张海峰",
        "zhanghaifeng",
        Role::Member,
        OFFICE,
        Some("2006-10-12"),
    ),
    account(
        "刘思源",
        "liusiyuan",
        Role::Member,
        OFFICE,
        Some("2016-06-30"),
    ),
    account(
        "赵明轩",
        "zhaomingxuan",
        Role::Member,
        OFFICE,
        Some("2019-12-18"),
    ),
    account(
        "孙丽华",
        "sunlihua",
        Role::Member,
        OFFICE,
        Some("2004-04-26"),
    ),
    account("吴泽宇", "wuzeyu", Role::Member, OFFICE, Some("2021-07-01")),
    account(
        "郑雅琴",
        "zhengyaqin",
        Role::Member,
        OFFICE,
        Some("2010-09-09"),
    ),
    account(
        "何振东",
        "hezhendong",
        Role::Secretary,
        DISPATCH,
        Some("1997-06-20"),
    ),
    account("许婷", "xuting", Role::Member, DISPATCH, Some("2014-11-07")),
    account(
        "高远",
        "gaoyuan",
        Role::Member,
        DISPATCH,
        Some("2022-05-16"),
    ),
    account("管理员", "admin", Role::Admin, None, None),
];

/// The demo accounts, in the order they are printed.
pub fn demo_logins() -> &'static [DemoAccount] {
    &ROSTER
}

/// Seeds the demo organisation unless the database already has a branch. Returns whether
/// it seeded.
pub async fn seed(state: &AppState) -> Result<bool, BoxError> {
    if state.repo.branch_count().await? > 0 {
        return Ok(false);
    }
    let branches: Vec<NewBranch> = DEMO_BRANCHES
        .iter()
        .map(|name| NewBranch {
            id: BranchId::new(),
            name: (*name).to_owned(),
        })
        .collect();
    let passwords = state.passwords.clone();
    // Each account gets its own salt; hashing them all is slow, so off the async threads.
    let hashes = tokio::task::spawn_blocking(move || {
        ROSTER
            .iter()
            .map(|_| passwords.hash_blocking(DEMO_PASSWORD))
            .collect::<Result<Vec<_>, _>>()
    })
    .await??;
    let mut members = Vec::with_capacity(ROSTER.len());
    // The committee's duties, in the roster's order.
    let mut duties = [Post::Organisation, Post::Propaganda].into_iter();
    for (a, password_hash) in ROSTER.iter().zip(hashes) {
        let post = match a.role {
            Role::Secretary => Some(Post::Secretary),
            Role::Committee => duties.next().or(Some(Post::CommitteeMember)),
            Role::Member | Role::Admin => None,
        };
        members.push(NewMember {
            id: MemberId::new(),
            login: a.login.to_owned(),
            display_name: a.display_name.to_owned(),
            branch_id: a.branch.map(|i| branches[i].id),
            role: a.role,
            joined_party_on: a
                .joined_party_on
                .map(|d| d.parse::<NaiveDate>())
                .transpose()?,
            password_hash,
            post,
        });
    }
    state
        .repo
        .create_organisation(DEMO_ORGANISATION, &branches, &members, now_millis())
        .await?;
    tracing::info!(accounts = members.len(), "seeded the demo organisation");
    Ok(true)
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Member => "党员 member",
        Role::Committee => "支委 committee",
        Role::Secretary => "支部书记 secretary",
        Role::Admin => "管理员 admin",
    }
}

/// Pads to a terminal width where each CJK character takes two columns.
fn pad(text: &str, width: usize) -> String {
    let used: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// The short table `--demo` prints: where to go and how to log in.
pub fn logins_table(url: &str) -> String {
    let mut out = format!("Demo organisation {DEMO_ORGANISATION}: open {url}\n");
    out.push_str(&format!(
        "  {}{}{}\n",
        pad("姓名", 10),
        pad("login", 15),
        "role"
    ));
    for a in demo_logins() {
        let branch = a
            .branch
            .map(|i| format!(", {}", DEMO_BRANCHES[i]))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {}{}{}{branch}\n",
            pad(a.display_name, 10),
            pad(a.login, 15),
            role_label(a.role)
        ));
    }
    out.push_str(&format!("Every demo account's password: {DEMO_PASSWORD}\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhibu_model::LoginName;

    #[test]
    fn roster_is_valid_and_unique() {
        let mut logins = std::collections::HashSet::new();
        for a in demo_logins() {
            assert_eq!(LoginName::parse(a.login).unwrap().as_str(), a.login);
            assert!(logins.insert(a.login), "duplicate {}", a.login);
            if let Some(d) = a.joined_party_on {
                let year = d.parse::<NaiveDate>().unwrap().format("%Y").to_string();
                assert!(("1995".."2023").contains(&year.as_str()), "{d}");
            }
            assert_eq!(a.branch.is_none(), a.role == Role::Admin);
        }
        assert_eq!(logins.len(), 15);
        let secretaries: Vec<_> = demo_logins()
            .iter()
            .filter(|a| a.role == Role::Secretary)
            .map(|a| a.login)
            .collect();
        assert_eq!(secretaries, ["linxiaolan", "hezhendong"]);
    }

    #[test]
    fn the_table_lists_every_login_and_the_password() {
        let table = logins_table("http://127.0.0.1:8080");
        for a in demo_logins() {
            assert!(table.contains(a.login));
        }
        assert!(table.contains(DEMO_PASSWORD));
        assert!(table.contains("林晓岚    linxiaolan"));
    }
}
