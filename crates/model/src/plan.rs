//! The branch study plan (学习计划): required topics with due dates that members tick off.

use crate::error::FieldError;
use crate::study::{bounded_line, bounded_text, parse_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A required topic the branch secretary publishes, e.g. a plenum's spirit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanItem {
    pub title: String,
    pub due: NaiveDate,
    #[serde(default)]
    pub description: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanItemInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub due: String,
    #[serde(default)]
    pub description: String,
}

impl PlanItem {
    pub const TITLE_MAX: u32 = 200;
    pub const DESCRIPTION_MAX: u32 = 2000;
}

impl PlanItemInput {
    pub fn parse(&self) -> Result<PlanItem, FieldError> {
        Ok(PlanItem {
            title: bounded_line("title", &self.title, PlanItem::TITLE_MAX, true)?,
            due: parse_date("due", &self.due)?,
            description: bounded_text(
                "description",
                &self.description,
                PlanItem::DESCRIPTION_MAX,
                false,
            )?,
        })
    }
}

/// A member's note that they have studied a plan item, optionally pointing at the study
/// record that covered it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanTick {
    pub plan_item_id: Uuid,
    pub done_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study_id: Option<Uuid>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanTickInput {
    pub plan_item_id: Option<Uuid>,
    #[serde(default)]
    pub done_on: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study_id: Option<Uuid>,
}

impl PlanTickInput {
    pub fn parse(&self) -> Result<PlanTick, FieldError> {
        let plan_item_id = self
            .plan_item_id
            .ok_or_else(|| FieldError::new("plan_item_id", crate::ErrorCode::Required))?;
        Ok(PlanTick {
            plan_item_id,
            done_on: parse_date("done_on", &self.done_on)?,
            study_id: self.study_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn plan_item_fields_are_checked() {
        let ok = PlanItemInput {
            title: "二十届四中全会精神".into(),
            due: "2026-12-31".into(),
            description: String::new(),
        };
        assert_eq!(
            ok.parse().unwrap().due,
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
        let e = PlanItemInput {
            title: String::new(),
            ..ok.clone()
        }
        .parse()
        .unwrap_err();
        assert_eq!((e.field.as_str(), e.code), ("title", ErrorCode::Required));
        let e = PlanItemInput {
            due: "soon".into(),
            ..ok
        }
        .parse()
        .unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("due", ErrorCode::InvalidFormat)
        );
    }

    #[test]
    fn a_tick_needs_its_item() {
        let e = PlanTickInput {
            plan_item_id: None,
            done_on: "2026-11-01".into(),
            study_id: None,
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.field, "plan_item_id");
    }
}
