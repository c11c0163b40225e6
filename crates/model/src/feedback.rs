//! 意见建议: a member's suggestion or complaint to the organisation's administrators (the
//! 2026 rules on government apps require such a channel), and the administrators'
//! answers.
//!
//! Decisions:
//! - A member writes it on the phone, offline too: sync kind `feedback`, their own
//!   record (nobody else pulls it; administrators list every one through `GET
//!   /api/v1/org/feedback`). They may correct it; the versions it replaced stay in the
//!   record's history.
//! - An administrator's answer is a record of its own, kind `feedback_reply`, written
//!   through the same push (`POST /api/v1/org/feedback/{id}/reply`) with the asking
//!   member as its reader, so it reaches their phone like any row. One feedback may get
//!   several answers; the last one says whether it is closed.
//! - Status: sent (no answer yet), answered, closed ([`status`]).

use crate::Lang;
use crate::error::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// 建议 or 投诉.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeedbackKind {
    Suggestion,
    Complaint,
}

impl FeedbackKind {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "suggestion" => FeedbackKind::Suggestion,
            "complaint" => FeedbackKind::Complaint,
            _ => return None,
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FeedbackKind::Suggestion, Lang::ZhCn) => "建议",
            (FeedbackKind::Complaint, Lang::ZhCn) => "投诉",
            (FeedbackKind::Suggestion, Lang::En) => "Suggestion",
            (FeedbackKind::Complaint, Lang::En) => "Complaint",
        }
    }
}

/// The longest text of a feedback or an answer, in characters.
pub const TEXT_MAX: u32 = 2000;

fn text(field: &str, raw: &str) -> Result<String, FieldError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    if t.chars().count() > TEXT_MAX as usize {
        return Err(FieldError::with_limit(field, ErrorCode::TooLong, TEXT_MAX));
    }
    crate::text::refuse_controls(field, t, crate::text::Lines::Many)?;
    Ok(t.to_owned())
}

/// `feedback_put`, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackInput {
    /// `suggestion` or `complaint`.
    #[serde(default)]
    pub feedback_kind: String,
    #[serde(default)]
    pub text: String,
}

/// A feedback as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Feedback {
    pub feedback_kind: FeedbackKind,
    pub text: String,
}

impl FeedbackInput {
    pub fn parse(&self) -> Result<Feedback, FieldError> {
        let feedback_kind = match self.feedback_kind.trim() {
            "" => return Err(FieldError::new("feedback_kind", ErrorCode::Required)),
            k => FeedbackKind::parse(k)
                .ok_or_else(|| FieldError::new("feedback_kind", ErrorCode::InvalidFormat))?,
        };
        Ok(Feedback {
            feedback_kind,
            text: text("text", &self.text)?,
        })
    }
}

/// `feedback_reply_put` (administrators only), as typed; also the body of `POST
/// /api/v1/org/feedback/{id}/reply` (`feedback_id` from the path there).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackReplyInput {
    #[serde(default)]
    pub feedback_id: Option<Uuid>,
    /// May be empty only when closing.
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub close: bool,
}

/// An answer as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackReply {
    pub feedback_id: Uuid,
    pub answer: String,
    pub close: bool,
}

impl FeedbackReplyInput {
    pub fn parse(&self) -> Result<FeedbackReply, FieldError> {
        let feedback_id = self
            .feedback_id
            .ok_or_else(|| FieldError::new("feedback_id", ErrorCode::Required))?;
        let answer = if self.close && self.answer.trim().is_empty() {
            String::new()
        } else {
            text("answer", &self.answer)?
        };
        Ok(FeedbackReply {
            feedback_id,
            answer,
            close: self.close,
        })
    }
}

/// Where a feedback stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeedbackStatus {
    Sent,
    Answered,
    Closed,
}

impl FeedbackStatus {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "sent" => FeedbackStatus::Sent,
            "answered" => FeedbackStatus::Answered,
            "closed" => FeedbackStatus::Closed,
            _ => return None,
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FeedbackStatus::Sent, Lang::ZhCn) => "已提交",
            (FeedbackStatus::Answered, Lang::ZhCn) => "已答复",
            (FeedbackStatus::Closed, Lang::ZhCn) => "已办结",
            (FeedbackStatus::Sent, Lang::En) => "Sent",
            (FeedbackStatus::Answered, Lang::En) => "Answered",
            (FeedbackStatus::Closed, Lang::En) => "Closed",
        }
    }
}

/// The status from a feedback's answers, oldest first.
pub fn status<'a>(replies: impl IntoIterator<Item = &'a FeedbackReply>) -> FeedbackStatus {
    match replies.into_iter().last() {
        None => FeedbackStatus::Sent,
        Some(r) if r.close => FeedbackStatus::Closed,
        Some(_) => FeedbackStatus::Answered,
    }
}

/// One feedback as `GET /api/v1/org/feedback` lists it (administrators).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackItem {
    pub id: Uuid,
    pub member_id: crate::MemberId,
    pub display_name: String,
    pub branch_name: Option<String>,
    pub feedback: Feedback,
    /// When the server first received it (unix ms).
    pub received_at: i64,
    pub status: FeedbackStatus,
    /// Oldest first.
    pub replies: Vec<FeedbackReply>,
}

/// `GET /api/v1/org/feedback?status=&page=&per_page=`, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackPage {
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<FeedbackItem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feedback_needs_a_kind_and_a_text() {
        let f = FeedbackInput {
            feedback_kind: "complaint".into(),
            text: "  支部活动通知太晚 ".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(
            (f.feedback_kind, f.text.as_str()),
            (FeedbackKind::Complaint, "支部活动通知太晚")
        );
        for (kind, text, field, code) in [
            ("", "x", "feedback_kind", ErrorCode::Required),
            ("praise", "x", "feedback_kind", ErrorCode::InvalidFormat),
            ("suggestion", " ", "text", ErrorCode::Required),
        ] {
            let e = FeedbackInput {
                feedback_kind: kind.into(),
                text: text.into(),
            }
            .parse()
            .unwrap_err();
            assert_eq!((e.field.as_str(), e.code), (field, code));
        }
        let e = FeedbackInput {
            feedback_kind: "suggestion".into(),
            text: "字".repeat(2001),
        }
        .parse()
        .unwrap_err();
        assert_eq!((e.code, e.limit), (ErrorCode::TooLong, Some(2000)));
    }

    #[test]
    fn the_last_answer_sets_the_status() {
        let reply = |close| FeedbackReply {
            feedback_id: Uuid::nil(),
            answer: "已转相关部门".into(),
            close,
        };
        assert_eq!(status([]), FeedbackStatus::Sent);
        assert_eq!(status(&[reply(false)]), FeedbackStatus::Answered);
        assert_eq!(status(&[reply(false), reply(true)]), FeedbackStatus::Closed);
        // Closing needs no words; answering does.
        let input = FeedbackReplyInput {
            feedback_id: Some(Uuid::nil()),
            answer: String::new(),
            close: true,
        };
        assert!(input.parse().is_ok());
        let e = FeedbackReplyInput {
            close: false,
            ..input
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.field, "answer");
    }
}
