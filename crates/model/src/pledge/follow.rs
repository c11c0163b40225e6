//! 践诺: dated progress entries on each commitment item of a signed 承诺践诺 pledge, and
//! the year-end summary per item.

use super::PledgeText;
use crate::error::{ErrorCode, FieldError};
use crate::lang::Lang;
use crate::study::{StudyRecord, bounded_text, parse_date};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How a commitment stands at an entry's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FollowStatus {
    /// 进行中
    InProgress,
    /// 已完成
    Done,
    /// 未完成 (with a reason)
    NotDone,
}

impl FollowStatus {
    pub const ALL: [FollowStatus; 3] = [
        FollowStatus::InProgress,
        FollowStatus::Done,
        FollowStatus::NotDone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FollowStatus::InProgress => "in_progress",
            FollowStatus::Done => "done",
            FollowStatus::NotDone => "not_done",
        }
    }

    pub fn parse(s: &str) -> Option<FollowStatus> {
        FollowStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::ZhCn, FollowStatus::InProgress) => "进行中",
            (Lang::ZhCn, FollowStatus::Done) => "已完成",
            (Lang::ZhCn, FollowStatus::NotDone) => "未完成",
            (Lang::En, FollowStatus::InProgress) => "In progress",
            (Lang::En, FollowStatus::Done) => "Done",
            (Lang::En, FollowStatus::NotDone) => "Not done",
        }
    }
}

/// A progress entry (own record) on item `item` (0-based) of the member's signed pledge
/// version `pledge_id`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PledgeProgress {
    pub pledge_id: Uuid,
    pub item: u32,
    pub date: NaiveDate,
    /// What was done (践诺情况).
    #[serde(default)]
    pub done: String,
    pub status: FollowStatus,
    /// Why not: present exactly when `status` is `not_done`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PledgeProgressInput {
    #[serde(default)]
    pub pledge_id: Option<Uuid>,
    #[serde(default)]
    pub item: i64,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub done: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub reason: String,
}

impl PledgeProgress {
    pub const TEXT_MAX: u32 = 2000;

    pub fn to_input(&self) -> PledgeProgressInput {
        PledgeProgressInput {
            pledge_id: Some(self.pledge_id),
            item: i64::from(self.item),
            date: self.date.to_string(),
            done: self.done.clone(),
            status: self.status.as_str().to_owned(),
            reason: self.reason.clone(),
        }
    }
}

impl PledgeProgressInput {
    /// `today` is the local date: an entry is not dated in the future (a day's slack, as
    /// study records). That the item exists on the member's own signed pledge is checked
    /// against the pledge (`PledgeProgress::fits`, the server on push).
    pub fn parse(&self, today: NaiveDate) -> Result<PledgeProgress, FieldError> {
        let pledge_id = self
            .pledge_id
            .ok_or_else(|| FieldError::new("pledge_id", ErrorCode::Required))?;
        let item = u32::try_from(self.item)
            .ok()
            .filter(|i| *i < PledgeText::ITEMS_MAX)
            .ok_or_else(|| FieldError::new("item", ErrorCode::OutOfRange))?;
        let date = parse_date("date", &self.date)?;
        if date.year() < StudyRecord::MIN_YEAR {
            return Err(FieldError::new("date", ErrorCode::OutOfRange));
        }
        if date > today.succ_opt().unwrap_or(today) {
            return Err(FieldError::new("date", ErrorCode::InFuture));
        }
        let status = match self.status.trim() {
            "" => return Err(FieldError::new("status", ErrorCode::Required)),
            s => FollowStatus::parse(s)
                .ok_or_else(|| FieldError::new("status", ErrorCode::InvalidFormat))?,
        };
        let not_done = status == FollowStatus::NotDone;
        let done = bounded_text("done", &self.done, PledgeProgress::TEXT_MAX, !not_done)?;
        let reason = if not_done {
            bounded_text(
                "not_done_reason",
                &self.reason,
                PledgeProgress::TEXT_MAX,
                true,
            )?
        } else {
            String::new()
        };
        Ok(PledgeProgress {
            pledge_id,
            item,
            date,
            done,
            status,
            reason,
        })
    }
}

impl PledgeProgress {
    /// Whether the entry's item is one of the pledge's commitment items.
    pub fn fits(&self, text: &PledgeText) -> bool {
        (self.item as usize) < text.items.len()
    }
}

/// Entries per status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCounts {
    pub in_progress: u32,
    pub done: u32,
    pub not_done: u32,
}

impl StatusCounts {
    pub fn add(&mut self, status: FollowStatus) {
        match status {
            FollowStatus::InProgress => self.in_progress += 1,
            FollowStatus::Done => self.done += 1,
            FollowStatus::NotDone => self.not_done += 1,
        }
    }

    pub fn total(&self) -> u32 {
        self.in_progress + self.done + self.not_done
    }
}

/// One commitment item at year end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemSummary {
    pub item: u32,
    pub text: String,
    pub counts: StatusCounts,
    /// The status of the latest entry (by date; on the same date, the later one given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<FollowStatus>,
}

/// A pledge's follow-through: per item, and all items together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PledgeSummary {
    pub items: Vec<ItemSummary>,
    pub totals: StatusCounts,
}

/// The year-end summary of a pledge from its entries. Entries of another pledge (by
/// `pledge_id`) or of an item the text does not have are left out.
pub fn year_summary(
    pledge_id: Uuid,
    text: &PledgeText,
    entries: &[PledgeProgress],
) -> PledgeSummary {
    let mut items: Vec<ItemSummary> = text
        .items
        .iter()
        .enumerate()
        .map(|(i, t)| ItemSummary {
            item: i as u32,
            text: t.clone(),
            counts: StatusCounts::default(),
            latest: None,
        })
        .collect();
    let mut latest: Vec<Option<NaiveDate>> = vec![None; items.len()];
    let mut totals = StatusCounts::default();
    for e in entries.iter().filter(|e| e.pledge_id == pledge_id) {
        let Some(summary) = items.get_mut(e.item as usize) else {
            continue;
        };
        summary.counts.add(e.status);
        totals.add(e.status);
        let seen = &mut latest[e.item as usize];
        if seen.is_none_or(|d| e.date >= d) {
            *seen = Some(e.date);
            summary.latest = Some(e.status);
        }
    }
    PledgeSummary { items, totals }
}
