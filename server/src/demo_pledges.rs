//! The demo's pledges (`--demo` from the command line): in the first branch, this year's
//! 廉政承诺 and 承诺践诺 templates published by its secretary, so a member can sign at
//! once. Written through the sync push, as the secretary's phone would, so members pull
//! them like any branch record and the other branch never sees them.
//!
//! Seeded by `serve` only, with the rest of the demo and only when it was just seeded,
//! so a restart never publishes them twice; the API tests start without templates.

use crate::AppState;
use crate::clock::now_millis;
use crate::demo::demo_logins;
use crate::demo_events::{member, op, push};
use crate::error::BoxError;
use chrono::{DateTime, Datelike, Utc};
use zhibu_model::event::to_china_local;
use zhibu_model::pledge::{PledgeKind, PledgeTemplate};
use zhibu_model::{Role, Uuid};

/// The demo branch that has them: the first.
const BRANCH: usize = 0;

const INTEGRITY_BODY: &str = "作为一名中国共产党党员，我郑重承诺：
一、坚定理想信念，严守政治纪律和政治规矩，在思想上政治上行动上同党中央保持高度一致。
二、严格遵守中央八项规定及其实施细则精神，不违规收受礼品礼金，不违规参加宴请和娱乐活动。
三、秉公用权、依法办事，不利用职务便利为本人或他人谋取私利。
四、严格执行廉洁自律各项规定，管好家属和身边工作人员。
五、自觉接受组织和群众监督；如有违反，愿接受组织处理。";

// Only what is signed and printed: how to fill the items in is the form's hint, not part
// of the text a member signs.
const COMMITMENT_BODY: &str = "按照支部要求，我结合本职岗位和自身实际，向组织和党员群众作出以下公开承诺，\
认真践行，主动接受监督，年底对照承诺逐条总结。";

/// This year's demo templates (China's calendar year).
pub fn templates(year: i32) -> [PledgeTemplate; 2] {
    [
        PledgeTemplate {
            kind: PledgeKind::Integrity,
            year,
            title: format!("{year}年度廉政承诺书"),
            body: INTEGRITY_BODY.to_owned(),
        },
        PledgeTemplate {
            kind: PledgeKind::Commitment,
            year,
            title: format!("{year}年度党员承诺践诺"),
            body: COMMITMENT_BODY.to_owned(),
        },
    ]
}

/// Publishes the first demo branch's templates for this year.
pub async fn seed(state: &AppState) -> Result<(), BoxError> {
    let now: DateTime<Utc> = DateTime::from_timestamp_millis(now_millis()).unwrap_or_default();
    let year = to_china_local(now).year();
    let Some(secretary) = demo_logins()
        .iter()
        .find(|a| a.branch == Some(BRANCH) && a.role == Role::Secretary)
    else {
        return Ok(());
    };
    let secretary = member(state, secretary.login).await?;
    let ops = templates(year)
        .iter()
        .map(|t| {
            Ok(op(
                "pledge_template_put",
                Uuid::now_v7(),
                serde_json::to_value(t.to_input())?,
            ))
        })
        .collect::<Result<Vec<_>, serde_json::Error>>()?;
    push(state, &secretary, ops).await?;
    tracing::info!("seeded the demo branch's pledge templates");
    Ok(())
}
