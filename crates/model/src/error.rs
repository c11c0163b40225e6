//! The one error shape of the API, `{code, field, message}`, and its messages in both
//! languages. The SPA validates with the same types, so it shows the same words offline.

use crate::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What went wrong, as a stable machine-readable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Required,
    TooShort,
    TooLong,
    InvalidFormat,
    /// A number above its bound (`limit`).
    TooLarge,
    /// A date later than today.
    InFuture,
    /// A value outside the range the portal accepts (e.g. a date before 2000).
    OutOfRange,
    InvalidCredentials,
    RateLimited,
    Unauthenticated,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    MalformedRequest,
    Conflict,
    /// A check-in code used outside its event's window.
    Expired,
    /// A check-in code used again (or a member checking in twice).
    Replayed,
    /// A signed record (a pledge version) never changes: amend it with a new version.
    Immutable,
    /// A character no person types (NUL, ESC, C1, a bidi override; a line break in a
    /// one-line field).
    ControlCharacter,
    /// A password on the list of common passwords.
    TooCommon,
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 21] = [
        ErrorCode::Required,
        ErrorCode::TooShort,
        ErrorCode::TooLong,
        ErrorCode::InvalidFormat,
        ErrorCode::TooLarge,
        ErrorCode::InFuture,
        ErrorCode::OutOfRange,
        ErrorCode::InvalidCredentials,
        ErrorCode::RateLimited,
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::PayloadTooLarge,
        ErrorCode::MalformedRequest,
        ErrorCode::Conflict,
        ErrorCode::Expired,
        ErrorCode::Replayed,
        ErrorCode::Immutable,
        ErrorCode::ControlCharacter,
        ErrorCode::TooCommon,
        ErrorCode::Internal,
    ];

    /// The code of its name in JSON. The SPA's first download reads error answers with the
    /// browser's JSON parser, not serde's, and needs this alone.
    pub fn parse(name: &str) -> Option<ErrorCode> {
        Some(match name {
            "required" => ErrorCode::Required,
            "too_short" => ErrorCode::TooShort,
            "too_long" => ErrorCode::TooLong,
            "invalid_format" => ErrorCode::InvalidFormat,
            "too_large" => ErrorCode::TooLarge,
            "in_future" => ErrorCode::InFuture,
            "out_of_range" => ErrorCode::OutOfRange,
            "invalid_credentials" => ErrorCode::InvalidCredentials,
            "rate_limited" => ErrorCode::RateLimited,
            "unauthenticated" => ErrorCode::Unauthenticated,
            "forbidden" => ErrorCode::Forbidden,
            "not_found" => ErrorCode::NotFound,
            "payload_too_large" => ErrorCode::PayloadTooLarge,
            "malformed_request" => ErrorCode::MalformedRequest,
            "conflict" => ErrorCode::Conflict,
            "expired" => ErrorCode::Expired,
            "replayed" => ErrorCode::Replayed,
            "immutable" => ErrorCode::Immutable,
            "control_character" => ErrorCode::ControlCharacter,
            "too_common" => ErrorCode::TooCommon,
            "internal" => ErrorCode::Internal,
            _ => return None,
        })
    }

    /// The code for an error answer that carries no JSON body (a proxy's or a gateway's
    /// page): what a client shows, and what the server says for layers it does not own.
    pub fn for_status(status: u16) -> ErrorCode {
        match status {
            401 => ErrorCode::Unauthenticated,
            403 => ErrorCode::Forbidden,
            // An unknown method on a known path is as unknown as an unknown path.
            404 | 405 => ErrorCode::NotFound,
            409 => ErrorCode::Conflict,
            413 => ErrorCode::PayloadTooLarge,
            429 => ErrorCode::RateLimited,
            500..=599 => ErrorCode::Internal,
            _ => ErrorCode::MalformedRequest,
        }
    }
}

/// A problem with one named field of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: ErrorCode,
    /// The bound that was crossed, for `too_short` / `too_long` (in characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl FieldError {
    pub fn new(field: &str, code: ErrorCode) -> Self {
        Self {
            field: field.to_owned(),
            code,
            limit: None,
        }
    }

    pub fn with_limit(field: &str, code: ErrorCode, limit: u32) -> Self {
        Self {
            field: field.to_owned(),
            code,
            limit: Some(limit),
        }
    }

    /// A sentence naming the field, in the member's language.
    pub fn message(&self, lang: Lang) -> String {
        self.particular_message(lang)
            .unwrap_or_else(|| self.sentence(field_label(&self.field, lang), lang))
    }

    /// The same sentence as [`FieldError::message`] for an error about a field of the
    /// account forms (login, password change), from those fields' labels alone: the
    /// SPA's first download carries the login page, and no other field's words.
    pub fn account_message(&self, lang: Lang) -> String {
        self.sentence(
            account_label(&self.field, lang).unwrap_or(&self.field),
            lang,
        )
    }

    /// The sentences some fields have of their own.
    fn particular_message(&self, lang: Lang) -> Option<String> {
        let label = field_label(&self.field, lang);
        Some(match (lang, self.code) {
            (Lang::ZhCn, ErrorCode::OutOfRange) if self.field == "end" => {
                "结束时间必须晚于开始时间".to_owned()
            }
            (Lang::ZhCn, ErrorCode::TooLarge) if self.field == "end" => {
                "一次活动不能超过 7 天".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Expired) if self.field == "code" => {
                "签到码已过期：不在本次活动的签到时间内".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Replayed) if self.field == "code" => {
                "签到码已使用过，或您已签到".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Forbidden) if self.field == "event_id" => {
                "您不在本次活动的参加范围内".to_owned()
            }
            (Lang::ZhCn, ErrorCode::RateLimited) if self.field == "code" => {
                "签到码错误次数过多，请 10 分钟后再试，或请支部书记登记考勤".to_owned()
            }
            (Lang::En, ErrorCode::RateLimited) if self.field == "code" => {
                "Too many wrong check-in codes; try again in 10 minutes or ask the secretary to record you".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Forbidden) if self.field == "code" => {
                "本支部未开启自助签到，请由支部书记登记考勤".to_owned()
            }
            (Lang::En, ErrorCode::OutOfRange) if self.field == "end" => {
                "The end must be after the start".to_owned()
            }
            (Lang::En, ErrorCode::TooLarge) if self.field == "end" => {
                "An event lasts at most 7 days".to_owned()
            }
            (Lang::En, ErrorCode::Expired) if self.field == "code" => {
                "The check-in code has expired: outside this event's check-in time".to_owned()
            }
            (Lang::En, ErrorCode::Replayed) if self.field == "code" => {
                "This check-in code was already used, or you have already checked in".to_owned()
            }
            (Lang::En, ErrorCode::Forbidden) if self.field == "event_id" => {
                "You are not among this event's attendees".to_owned()
            }
            (Lang::En, ErrorCode::Forbidden) if self.field == "code" => {
                "Self check-in is off in this branch; the secretary takes attendance".to_owned()
            }
            (Lang::ZhCn, ErrorCode::InFuture) if self.field == "meeting_minutes" => {
                "活动开始后才能填写会议记录".to_owned()
            }
            (Lang::En, ErrorCode::InFuture) if self.field == "meeting_minutes" => {
                "Minutes can be added once the event has started".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Required) if self.field == "signature" => {
                "请在签名区手写签名".to_owned()
            }
            (Lang::ZhCn, ErrorCode::InvalidFormat) if self.field == "counterparts" => {
                format!("{label}不能重复，也不能是本人")
            }
            (Lang::ZhCn, ErrorCode::InvalidFormat) if self.field == "signature" => {
                "签名无法辨认（过短或只有一点），请重新签名".to_owned()
            }
            (Lang::ZhCn, ErrorCode::InvalidFormat) if self.field == "hash" => {
                "校验值与承诺文本不一致，签署无效".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Conflict) if self.field == "event_id" => {
                "该活动已取消，无需报名或请假".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Conflict) if self.field == "talk_id" => {
                format!("{label}已被谈话对象确认，不能再修改或删除")
            }
            (Lang::En, ErrorCode::Required) if self.field == "signature" => {
                "Please sign by hand in the signature box".to_owned()
            }
            (Lang::En, ErrorCode::InvalidFormat) if self.field == "counterparts" => {
                format!("{label} must not repeat anyone or include yourself")
            }
            (Lang::En, ErrorCode::InvalidFormat) if self.field == "signature" => {
                "The signature is too short to be a signature; please sign again".to_owned()
            }
            (Lang::En, ErrorCode::InvalidFormat) if self.field == "hash" => {
                "The hash does not match the pledge text; the signing is not valid".to_owned()
            }
            (Lang::En, ErrorCode::Conflict) if self.field == "event_id" => {
                "This event was cancelled: there is nothing to attend or be excused from".to_owned()
            }
            (Lang::En, ErrorCode::Conflict) if self.field == "talk_id" => {
                format!("{label} was confirmed by a counterpart and can no longer be changed")
            }
            (Lang::ZhCn, ErrorCode::InvalidCredentials) if self.field == "activation_code" => {
                "登录名或激活码不正确".to_owned()
            }
            (Lang::En, ErrorCode::InvalidCredentials) if self.field == "activation_code" => {
                "Wrong login name or activation code".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Expired) if self.field == "activation_code" => {
                "激活码已过期（有效期 7 天），请向支部书记或管理员索取新的激活码".to_owned()
            }
            (Lang::En, ErrorCode::Expired) if self.field == "activation_code" => {
                "This activation code has expired (codes last 7 days); ask your branch secretary or administrator for a new one".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Replayed) if self.field == "activation_code" => {
                "激活码已使用过；如忘记密码，请向支部书记或管理员索取新的激活码".to_owned()
            }
            (Lang::En, ErrorCode::Replayed) if self.field == "activation_code" => {
                "This activation code was already used; if you forgot your password, ask for a new code".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Conflict) if self.field == "login" => "登录名已被占用".to_owned(),
            (Lang::En, ErrorCode::Conflict) if self.field == "login" => {
                "This login name is taken".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Conflict) if self.field == "full_member_on" => {
                "预备党员没有转正日期".to_owned()
            }
            (Lang::En, ErrorCode::Conflict) if self.field == "full_member_on" => {
                "A probationary member has no date of full membership".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Conflict) if self.field == "name" => {
                "名称已被使用".to_owned()
            }
            (Lang::En, ErrorCode::Conflict) if self.field == "name" => {
                "This name is already in use".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Conflict) if self.field == "post" => {
                "该职务已有人担任，请先免去或换届".to_owned()
            }
            (Lang::En, ErrorCode::Conflict) if self.field == "post" => {
                "Someone already holds this post; end their term or hold an election first".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Conflict) if self.field == "branch_id" => {
                "支部还有在册党员，或党员已在该支部".to_owned()
            }
            (Lang::En, ErrorCode::Conflict) if self.field == "branch_id" => {
                "The branch still has members, or the member is already in it".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Immutable) if self.field == "branch_id" => {
                "该支部已撤销，不能再修改".to_owned()
            }
            (Lang::En, ErrorCode::Immutable) if self.field == "branch_id" => {
                "This branch is closed and takes no more changes".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Conflict) if self.field == "hash" => {
                "名册内容或系统中的数据在预览后有变化，请重新预览".to_owned()
            }
            (Lang::En, ErrorCode::Conflict) if self.field == "hash" => {
                "The roster or the stored data changed since the preview; preview again".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Conflict) if self.field == "display_name" => {
                "同一人在名册中出现了两次".to_owned()
            }
            (Lang::En, ErrorCode::Conflict) if self.field == "display_name" => {
                "The same person appears twice in the roster".to_owned()
            }
            (Lang::ZhCn, ErrorCode::Required) if self.field == "file" => {
                "名册缺少“姓名”或“所在支部”列".to_owned()
            }
            (Lang::En, ErrorCode::Required) if self.field == "file" => {
                "The roster needs a 姓名 (name) and a 所在支部 (branch) column".to_owned()
            }
            (Lang::ZhCn, ErrorCode::InvalidFormat) if self.field == "file" => {
                "无法读取名册文件：请使用 CSV（UTF-8 或 GBK）或 XLSX 格式".to_owned()
            }
            (Lang::En, ErrorCode::InvalidFormat) if self.field == "file" => {
                "The roster file cannot be read: use CSV (UTF-8 or GBK) or XLSX".to_owned()
            }
            _ => return None,
        })
    }

    /// The sentence for an error code around a field's label.
    fn sentence(&self, label: &str, lang: Lang) -> String {
        let n = self.limit.unwrap_or(0);
        match (lang, self.code) {
            (Lang::ZhCn, ErrorCode::Required) => format!("请填写{label}"),
            (Lang::ZhCn, ErrorCode::TooShort) => format!("{label}至少需要 {n} 个字符"),
            (Lang::ZhCn, ErrorCode::TooLong) => format!("{label}不能超过 {n} 个字符"),
            (Lang::ZhCn, ErrorCode::InvalidFormat) => format!("{label}的格式不正确"),
            (Lang::ZhCn, ErrorCode::TooLarge) => format!("{label}不能超过 {n}"),
            (Lang::ZhCn, ErrorCode::InFuture) => format!("{label}不能晚于今天"),
            (Lang::ZhCn, ErrorCode::OutOfRange) => format!("{label}超出了允许的范围"),
            (Lang::ZhCn, ErrorCode::InvalidCredentials) => format!("{label}不正确"),
            (Lang::ZhCn, ErrorCode::NotFound) => format!("{label}不存在或已删除"),
            (Lang::ZhCn, ErrorCode::Forbidden) => format!("没有权限修改{label}"),
            (Lang::En, ErrorCode::Required) => format!("{label} is required"),
            (Lang::En, ErrorCode::TooShort) => format!("{label} must be at least {n} characters"),
            (Lang::En, ErrorCode::TooLong) => format!("{label} must be at most {n} characters"),
            (Lang::En, ErrorCode::InvalidFormat) => format!("{label} is not in a valid format"),
            (Lang::En, ErrorCode::TooLarge) => format!("{label} must be at most {n}"),
            (Lang::En, ErrorCode::InFuture) => format!("{label} cannot be later than today"),
            (Lang::En, ErrorCode::OutOfRange) => format!("{label} is outside the allowed range"),
            (Lang::En, ErrorCode::InvalidCredentials) => format!("{label} is incorrect"),
            (Lang::En, ErrorCode::NotFound) => format!("{label} does not exist or was deleted"),
            (Lang::En, ErrorCode::Forbidden) => format!("{label}: you may not change this"),
            (Lang::ZhCn, ErrorCode::ControlCharacter) => format!("{label}不能包含控制字符"),
            (Lang::En, ErrorCode::ControlCharacter) => {
                format!("{label} must not contain control characters")
            }
            (Lang::ZhCn, ErrorCode::TooCommon) => {
                format!("{label}过于常见，容易被猜到，请换一个")
            }
            (Lang::En, ErrorCode::TooCommon) => {
                format!("{label} is too common and easily guessed; choose another")
            }
            (Lang::ZhCn, ErrorCode::Immutable) => {
                format!("{label}已签署，不能修改或删除；如需修改，请签署新版本")
            }
            (Lang::En, ErrorCode::Immutable) => {
                format!(
                    "{label} is signed and can never be changed or deleted; sign an amendment instead"
                )
            }
            (lang, code) => format!("{label}: {}", general_message(code, lang)),
        }
    }

    pub fn to_api_error(&self, lang: Lang) -> ApiError {
        ApiError {
            code: self.code,
            field: Some(self.field.clone()),
            message: self.message(lang),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for FieldError {}

/// The JSON body of every error response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
}

impl ApiError {
    /// An error that is not about one field, with the standard message for its code.
    pub fn general(code: ErrorCode, lang: Lang) -> Self {
        Self {
            code,
            field: None,
            message: general_message(code, lang).to_owned(),
        }
    }
}

/// The label of a request field as the forms show it.
pub fn field_label(field: &str, lang: Lang) -> &str {
    if let Some(label) = account_label(field, lang) {
        return label;
    }
    let (zh, en) = match field {
        // No request error names the whole body; a pledge's body is its text.
        "body" => ("正文", "Text"),
        "date" => ("日期", "Date"),
        "minutes" => ("时长（分钟）", "Duration (minutes)"),
        "form" => ("学习形式", "Form of study"),
        "topic" => ("学习内容", "Topic"),
        "notes" => ("心得体会", "Notes"),
        "title" => ("标题", "Title"),
        "due" => ("完成期限", "Due date"),
        "description" => ("说明", "Description"),
        "plan_item_id" => ("学习计划条目", "Study plan item"),
        "done_on" => ("完成日期", "Date done"),
        "study_id" => ("学习记录", "Study record"),
        "target_hours_member" => ("党员年度学时目标", "Annual study-hour target (members)"),
        "target_hours_cadre" => (
            "支部书记、支委年度学时目标",
            "Annual study-hour target (secretary and committee)",
        ),
        "minutes_per_hour" => ("每学时分钟数", "Minutes per study hour"),
        "year" => ("年份", "Year"),
        "record_id" => ("记录", "Record"),
        "record" => ("记录内容", "Record content"),
        "kind" => ("记录类型", "Record kind"),
        "ops" => ("待同步条目", "Queued entries"),
        "op_id" => ("操作编号", "Operation id"),
        "counterparts" => ("谈话对象", "Counterparts"),
        "place" => ("谈话地点", "Place"),
        "topics" => ("谈话内容", "Topics"),
        "issues" => ("反映的问题", "Issues raised"),
        "follow_up" => ("整改或跟进事项", "Agreed follow-up"),
        "follow_up_due" => ("跟进期限", "Follow-up due date"),
        "follow_up_done" => ("跟进完成日期", "Follow-up done on"),
        "talk_kind" => ("谈话类型", "Kind of talk"),
        "talk_id" => ("谈话记录", "Talk record"),
        "verdict" => ("确认结果", "Confirmation"),
        "note" => ("异议说明", "Note"),
        "kinds" => ("活动类型", "Kind of activity"),
        "start" => ("开始时间", "Start"),
        "end" => ("结束时间", "End"),
        "venue" => ("活动地点", "Place"),
        "agenda" => ("议程", "Agenda"),
        "audience" => ("参加范围", "Who attends"),
        "group" => ("党小组", "Party group"),
        "party_group" => ("所在党小组", "Party group of the member"),
        "study_topic" => ("学习主题", "Study topic"),
        "study_hours" => ("学时", "Study hours"),
        "cancel_reason" => ("取消原因", "Reason for cancelling"),
        "meeting_minutes" => ("会议记录", "Minutes"),
        "check_in_secret" => ("签到密钥", "Check-in key"),
        "repeat" => ("重复规则", "Repeat rule"),
        "from" => ("开始日期", "First date"),
        "until" => ("结束日期", "Last date"),
        "event_id" => ("活动", "Event"),
        "response" => ("回复", "Reply"),
        "reason" => ("请假事由", "Reason for leave"),
        "rsvp_id" => ("请假申请", "Leave request"),
        "decision" => ("审批结果", "Decision"),
        "entries" => ("考勤记录", "Attendance"),
        "code" => ("签到码", "Check-in code"),
        "device_time" => ("签到时间", "Check-in time"),
        "requirements" => ("组织生活要求", "Requirements"),
        "template_id" => ("承诺模板", "Pledge template"),
        "items" => ("承诺事项", "Commitments"),
        "signature" => ("签名", "Signature"),
        "hash" => ("校验值", "Hash"),
        "signed_at" => ("签署时间", "Time of signing"),
        "replaces" => ("所修改的承诺", "Amended pledge"),
        "pledge_id" => ("承诺", "Pledge"),
        "item" => ("承诺事项", "Commitment"),
        "status" => ("践诺状态", "Status"),
        "done" => ("践诺情况", "What was done"),
        "not_done_reason" => ("未完成原因", "Why it was not done"),
        "display_name" => ("姓名", "Name"),
        "branch" => ("所在支部", "Branch"),
        "mobile" => ("手机号", "Mobile number"),
        "gender" => ("性别", "Gender"),
        "born_on" => ("出生日期", "Date of birth"),
        "joined_party_on" => ("入党日期", "Date of joining the Party"),
        "full_member_on" => ("转正日期", "Date of full membership"),
        "category" => ("人员类别", "Membership category"),
        "branch_id" => ("所在支部", "Branch"),
        "party_group_id" => ("党小组", "Party group"),
        "general_branch_id" => ("党总支", "General branch"),
        "name" => ("名称", "Name"),
        "organisation" => ("机关党委名称", "Organisation name"),
        "post" => ("党内职务", "Party post"),
        "member_id" => ("党员", "Member"),
        "leave_reason" => ("离开原因", "Reason for leaving"),
        "activation_code" => ("激活码", "Activation code"),
        "file" => ("名册文件", "Roster file"),
        "feedback_kind" => ("类型", "Kind"),
        "text" => ("内容", "Text"),
        "feedback_id" => ("意见建议", "Suggestion or complaint"),
        "answer" => ("答复", "Answer"),
        "q" => ("搜索内容", "Search"),
        "page" => ("页码", "Page"),
        other => (other, other),
    };
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

/// The label of a field of the account forms (login, password change).
fn account_label(field: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match field {
        "login" => ("登录名", "Login name"),
        "password" => ("密码", "Password"),
        "current_password" => ("当前密码", "Current password"),
        "new_password" => ("新密码", "New password"),
        _ => return None,
    };
    Some(match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    })
}

/// The message for an error code when no field is involved.
pub fn general_message(code: ErrorCode, lang: Lang) -> &'static str {
    match (lang, code) {
        (Lang::ZhCn, ErrorCode::Required) => "缺少必填内容",
        (Lang::ZhCn, ErrorCode::TooShort) => "内容太短",
        (Lang::ZhCn, ErrorCode::TooLong) => "内容太长",
        (Lang::ZhCn, ErrorCode::InvalidFormat) => "格式不正确",
        (Lang::ZhCn, ErrorCode::TooLarge) => "数值过大",
        (Lang::ZhCn, ErrorCode::InFuture) => "日期不能晚于今天",
        (Lang::ZhCn, ErrorCode::OutOfRange) => "超出允许的范围",
        (Lang::ZhCn, ErrorCode::InvalidCredentials) => "登录名或密码不正确",
        (Lang::ZhCn, ErrorCode::RateLimited) => "尝试次数过多，请稍后再试",
        (Lang::ZhCn, ErrorCode::Unauthenticated) => "请先登录",
        (Lang::ZhCn, ErrorCode::Forbidden) => "没有权限进行此操作",
        (Lang::ZhCn, ErrorCode::NotFound) => "未找到",
        (Lang::ZhCn, ErrorCode::PayloadTooLarge) => "提交的内容过大",
        (Lang::ZhCn, ErrorCode::MalformedRequest) => "请求格式不正确",
        (Lang::ZhCn, ErrorCode::Conflict) => "内容已被修改，请刷新后重试",
        (Lang::ZhCn, ErrorCode::Expired) => "已过期",
        (Lang::ZhCn, ErrorCode::Replayed) => "已使用过",
        (Lang::ZhCn, ErrorCode::Immutable) => "已签署的内容不能修改或删除",
        (Lang::ZhCn, ErrorCode::ControlCharacter) => "内容不能包含控制字符",
        (Lang::ZhCn, ErrorCode::TooCommon) => "密码过于常见，请换一个",
        (Lang::ZhCn, ErrorCode::Internal) => "服务器出错了，已记录，请稍后再试",
        (Lang::En, ErrorCode::Required) => "Something required is missing",
        (Lang::En, ErrorCode::TooShort) => "Too short",
        (Lang::En, ErrorCode::TooLong) => "Too long",
        (Lang::En, ErrorCode::InvalidFormat) => "Not in a valid format",
        (Lang::En, ErrorCode::TooLarge) => "The number is too large",
        (Lang::En, ErrorCode::InFuture) => "The date cannot be later than today",
        (Lang::En, ErrorCode::OutOfRange) => "Outside the allowed range",
        (Lang::En, ErrorCode::InvalidCredentials) => "Wrong login name or password",
        (Lang::En, ErrorCode::RateLimited) => "Too many attempts; please try again later",
        (Lang::En, ErrorCode::Unauthenticated) => "Please log in first",
        (Lang::En, ErrorCode::Forbidden) => "You are not allowed to do this",
        (Lang::En, ErrorCode::NotFound) => "Not found",
        (Lang::En, ErrorCode::PayloadTooLarge) => "The request is too large",
        (Lang::En, ErrorCode::MalformedRequest) => "The request is malformed",
        (Lang::En, ErrorCode::Conflict) => "This was changed elsewhere; reload and try again",
        (Lang::En, ErrorCode::Expired) => "Expired",
        (Lang::En, ErrorCode::Replayed) => "Already used",
        (Lang::En, ErrorCode::Immutable) => "Signed content can never be changed or deleted",
        (Lang::En, ErrorCode::ControlCharacter) => "Control characters are not allowed",
        (Lang::En, ErrorCode::TooCommon) => "This password is too common; choose another",
        (Lang::En, ErrorCode::Internal) => "Something went wrong on the server; it has been logged",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_messages_name_the_field_in_both_languages() {
        let e = FieldError::with_limit("login", ErrorCode::TooLong, 64);
        assert_eq!(e.message(Lang::ZhCn), "登录名不能超过 64 个字符");
        assert_eq!(
            e.message(Lang::En),
            "Login name must be at most 64 characters"
        );
        let e = FieldError::new("password", ErrorCode::Required);
        assert_eq!(e.message(Lang::ZhCn), "请填写密码");
    }

    #[test]
    fn codes_parse_from_their_json_names() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(ErrorCode::parse(json.trim_matches('"')), Some(code));
        }
        assert_eq!(ErrorCode::parse("Required"), None);
    }

    #[test]
    fn the_account_forms_read_their_errors_as_every_form_does() {
        let codes = [
            ErrorCode::Required,
            ErrorCode::TooShort,
            ErrorCode::TooLong,
            ErrorCode::InvalidFormat,
            ErrorCode::InvalidCredentials,
            ErrorCode::RateLimited,
            ErrorCode::Forbidden,
            ErrorCode::Internal,
        ];
        for field in ["login", "password", "current_password", "new_password"] {
            for code in codes {
                for lang in [Lang::ZhCn, Lang::En] {
                    let e = FieldError::with_limit(field, code, 8);
                    assert_eq!(e.account_message(lang), e.message(lang), "{field} {code:?}");
                }
            }
        }
    }

    #[test]
    fn a_wrong_current_password_reads_as_one_sentence() {
        let e = FieldError::new("current_password", ErrorCode::InvalidCredentials);
        assert_eq!(e.message(Lang::ZhCn), "当前密码不正确");
        assert_eq!(e.message(Lang::En), "Current password is incorrect");
    }

    #[test]
    fn sync_refusals_read_as_sentences() {
        let e = FieldError::new("plan_item_id", ErrorCode::NotFound);
        assert_eq!(e.message(Lang::ZhCn), "学习计划条目不存在或已删除");
        assert_eq!(
            e.message(Lang::En),
            "Study plan item does not exist or was deleted"
        );
        let e = FieldError::new("record_id", ErrorCode::Forbidden);
        assert_eq!(e.message(Lang::ZhCn), "没有权限修改记录");
    }

    #[test]
    fn talk_fields_read_as_sentences() {
        let e = FieldError::new("counterparts", ErrorCode::Required);
        assert_eq!(e.message(Lang::ZhCn), "请填写谈话对象");
        assert_eq!(e.message(Lang::En), "Counterparts is required");
        let e = FieldError::new("talk_id", ErrorCode::Conflict);
        assert_eq!(
            e.message(Lang::ZhCn),
            "谈话记录已被谈话对象确认，不能再修改或删除"
        );
        assert_eq!(
            e.message(Lang::En),
            "Talk record was confirmed by a counterpart and can no longer be changed"
        );
    }

    #[test]
    fn pledge_refusals_read_as_sentences() {
        let e = FieldError::new("signature", ErrorCode::Required);
        assert_eq!(e.message(Lang::ZhCn), "请在签名区手写签名");
        let e = FieldError::new("hash", ErrorCode::InvalidFormat);
        assert_eq!(e.message(Lang::ZhCn), "校验值与承诺文本不一致，签署无效");
        let e = FieldError::new("record_id", ErrorCode::Immutable);
        assert_eq!(
            e.message(Lang::ZhCn),
            "记录已签署，不能修改或删除；如需修改，请签署新版本"
        );
        assert_eq!(
            e.message(Lang::En),
            "Record is signed and can never be changed or deleted; sign an amendment instead"
        );
        let e = FieldError::new("not_done_reason", ErrorCode::Required);
        assert_eq!(e.message(Lang::ZhCn), "请填写未完成原因");
    }

    #[test]
    fn bodiless_statuses_map_to_codes() {
        assert_eq!(ErrorCode::for_status(401), ErrorCode::Unauthenticated);
        assert_eq!(ErrorCode::for_status(405), ErrorCode::NotFound);
        assert_eq!(ErrorCode::for_status(429), ErrorCode::RateLimited);
        assert_eq!(ErrorCode::for_status(502), ErrorCode::Internal);
        assert_eq!(ErrorCode::for_status(415), ErrorCode::MalformedRequest);
    }

    #[test]
    fn api_error_json_shape() {
        let e = FieldError::new("login", ErrorCode::Required).to_api_error(Lang::En);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "required");
        assert_eq!(json["field"], "login");
        assert_eq!(json["message"], "Login name is required");
        let general =
            serde_json::to_value(ApiError::general(ErrorCode::NotFound, Lang::ZhCn)).unwrap();
        assert!(general.get("field").is_none());
    }
}
