//! What the secretary's overviews share: who may open them, and which year they ask for.

use crate::error::AppError;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use zhibu_model::{BranchId, ErrorCode, FieldError, Me};

/// The branch a secretary or committee member manages; everyone else is refused.
pub fn managed_branch(me: &Me) -> Result<BranchId, AppError> {
    match me.branch_id {
        Some(branch) if me.role.manages_branch() => Ok(branch),
        _ => Err(AppError::forbidden()),
    }
}

/// `?year=`, this year when absent.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// From 2000 (the earliest year kept) to next year in China; this year when absent.
    /// The document's maximum is the last year any date may have (`ymd::LATEST`): a
    /// year before it but after next year is still refused (422).
    #[param(minimum = 2000, maximum = 2100)]
    year: Option<i32>,
}

impl YearQuery {
    /// The year asked for, from `earliest` to next year (China's `today`); other years
    /// are refused on `year` rather than answered empty.
    pub fn year(&self, today: NaiveDate, earliest: i32) -> Result<i32, AppError> {
        let year = self.year.unwrap_or(today.year());
        if !(earliest..=today.year() + 1).contains(&year) {
            return Err(FieldError::new("year", ErrorCode::OutOfRange).into());
        }
        Ok(year)
    }
}
