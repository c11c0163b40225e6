//! The UI language and every string the SPA shows.
//!
//! Each key yields a `(zh, en)` pair ([`Text`]), so a key without both translations does
//! not compile. The shell's and the study pages' strings are [`Key`]; the activities and
//! pledge pages have key types of their own ([`EvKey`], [`PlKey`]), so their tables are
//! only in the wasm chunks of the pages that show them, not in the main module. Error messages come from the model crate instead,
//! so the SPA's own validation reads exactly like the server's answers.

mod pledges;

pub use pledges::PlKey;

use leptos::prelude::*;
use zhibu_model::Lang;

/// Where the member's choice of language is kept between visits.
pub const STORAGE_KEY: &str = "zhibu.lang";

/// Every string of the UI, by meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    AppName,
    Tagline,
    MainNav,
    TabHome,
    TabStudy,
    TabPledges,
    TabTalks,
    TabEvents,
    TabMe,
    Language,
    LogIn,
    LoggingIn,
    LoginIntro,
    LoginName,
    Password,
    CurrentPassword,
    NewPassword,
    Offline,
    OfflineNote,
    // Sync status and study
    SyncWaiting,
    SyncAllSaved,
    SyncOffline,
    Syncing,
    SyncLast,
    SyncRelogin,
    StoreUnavailable,
    SavedOnPhone,
    PendingBadge,
    RefusedTitle,
    Fix,
    Discard,
    AddStudy,
    EditStudy,
    NewStudy,
    Save,
    Delete,
    Cancel,
    NoPlanLink,
    StudyYear,
    StudyRecords,
    NoStudyYet,
    StudyPlan,
    NoPlanItems,
    Due,
    MarkDone,
    Studied,
    PublishPlanItem,
    Publish,
    WeeklyHours,
    HoursByForm,
    BranchOverview,
    DueItems,
    NothingDue,
    MinutesUnit,
    HoursUnit,
    StudyHint,
    Loading,
    Hello,
    Account,
    DisplayName,
    Role,
    Branch,
    NoBranch,
    JoinedParty,
    NotRecorded,
    ChangePassword,
    SavePassword,
    Saving,
    PasswordChanged,
    LogOut,
    LoggingOut,
    NotFound,
    NotFoundText,
    BackHome,
    PageNotLoaded,
    PageNotLoadedText,
    // Charts and the branch study overview
    ChartYearProgress,
    ChartTargetWaived,
    BranchStudyTitle,
    BranchStudyOnly,
    BranchYear,
    BranchListedByLogin,
    BranchNoMembers,
    BranchPlanDone,
    BranchBehind,
    BranchWaive,
    BranchWaiveSaved,
    BranchRestoreSaved,
    BranchSettings,
    SettingMinutesPerHour,
    SettingTargetMember,
    SettingTargetCadre,
    SettingsSave,
    SettingsSaved,
    // Talks
    TalksTitle,
    AddTalk,
    EditTalk,
    NewTalk,
    TalkRecord,
    NoTalksYet,
    StillToTalk,
    StillToTalkNone,
    StatusConfirmed,
    StatusDisputed,
    StatusAwaiting,
    WrittenBy,
    OutsidePeople,
    OutsideHint,
    RosterEmpty,
    KeepsCounterparts,
    Confirm,
    Dispute,
    Answers,
    NotAnswered,
    YourAnswer,
    FixedByConfirmation,
    MarkFollowUpDone,
    FollowUpDoneOn,
    FollowUps,
    NoFollowUps,
    BranchTalks,
    BranchTalksOnly,
    CoverageTitle,
    CoverageOpen,
    CoverageDone,
    BranchTalkList,
    NoBranchTalks,
    TalkNotHere,
    Edit,
    Back,
    OutsideCount,
    Retry,
    /// Branch activities (活动): their strings are in [`ev`].
    /// Pledges (承诺): their strings are in [`pledges`].
    SignatureHere,
    SignatureHint,
    SignatureUndo,
    SignatureClear,
    SignatureShown,
}

/// A key of the UI's strings.
pub trait Text: Copy + Send + Sync + 'static {
    /// The string in Chinese and in English.
    fn pair(self) -> (&'static str, &'static str);
}

/// The string for `key` in `lang`.
pub fn t(lang: Lang, key: impl Text) -> &'static str {
    let (zh, en) = key.pair();
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

/// A string of any key type, for components that show keys of several pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label((&'static str, &'static str));

impl Text for Label {
    fn pair(self) -> (&'static str, &'static str) {
        self.0
    }
}

impl From<Key> for Label {
    fn from(key: Key) -> Self {
        Self(key.pair())
    }
}

impl From<EvKey> for Label {
    fn from(key: EvKey) -> Self {
        Self(key.pair())
    }
}

impl From<PlKey> for Label {
    fn from(key: PlKey) -> Self {
        Self(key.pair())
    }
}

impl Text for Key {
    fn pair(self) -> (&'static str, &'static str) {
        key(self)
    }
}

fn key(key: Key) -> (&'static str, &'static str) {
    match key {
        Key::SyncWaiting => ("条待同步", " waiting to sync"),
        Key::SyncAllSaved => ("已全部同步", "All synced"),
        Key::StoreUnavailable => (
            "无法打开本机存储，记录不能保存在这台手机上",
            "This phone's storage cannot be opened: entries cannot be kept on it",
        ),
        Key::SyncOffline => (
            "离线，内容保存在本机",
            "Offline; entries are kept on this phone",
        ),
        Key::Syncing => ("正在同步…", "Syncing…"),
        Key::SyncLast => ("上次同步", "Last synced"),
        Key::SyncRelogin => (
            "登录已过期，请重新登录后同步",
            "Your login has expired; log in again to sync",
        ),
        Key::SavedOnPhone => (
            "已保存在本机，联网后自动同步",
            "Saved on this phone; it syncs when there is a connection",
        ),
        Key::PendingBadge => ("待同步", "Waiting to sync"),
        Key::RefusedTitle => (
            "以下内容未被服务器接受，请修改或放弃",
            "The server did not accept these; fix or discard them",
        ),
        Key::Fix => ("修改", "Fix"),
        Key::Discard => ("放弃", "Discard"),
        Key::AddStudy => ("记一笔学习", "Record study"),
        Key::EditStudy => ("修改学习记录", "Edit study record"),
        Key::NewStudy => ("新的学习记录", "New study record"),
        Key::Save => ("保存", "Save"),
        Key::Delete => ("删除", "Delete"),
        Key::Cancel => ("取消", "Cancel"),
        Key::NoPlanLink => ("（不对应）", "(none)"),
        Key::StudyYear => ("本年度学时", "Study hours this year"),
        Key::StudyRecords => ("学习记录", "Study records"),
        Key::NoStudyYet => (
            "还没有学习记录。点击“记一笔学习”添加。",
            "No study records yet. Tap “Record study” to add one.",
        ),
        Key::StudyPlan => ("支部学习要求", "Branch study plan"),
        Key::NoPlanItems => (
            "支部还没有发布学习要求。",
            "The branch has not published a study plan yet.",
        ),
        Key::Due => ("截止", "Due"),
        Key::MarkDone => ("标记已学", "Mark as studied"),
        Key::Studied => ("已学", "Studied"),
        Key::PublishPlanItem => ("发布学习要求", "Publish a study requirement"),
        Key::Publish => ("发布", "Publish"),
        Key::WeeklyHours => ("近 12 周学时", "Hours in the last 12 weeks"),
        Key::HoursByForm => ("按学习形式", "By form of study"),
        Key::BranchOverview => ("支部学习情况", "Branch study overview"),
        Key::DueItems => ("待完成的学习要求", "Study requirements still open"),
        Key::NothingDue => ("没有待完成的学习要求。", "No open study requirements."),
        Key::MinutesUnit => ("分钟", "min"),
        Key::HoursUnit => ("学时", "h"),
        Key::StudyHint => (
            "1 学时按支部规定折算",
            "学时 are converted by the branch's rule",
        ),
        Key::AppName => ("支部", "Zhibu"),
        Key::Tagline => ("党支部党员服务", "Party branch member portal"),
        Key::MainNav => ("主导航", "Main navigation"),
        Key::TabHome => ("首页", "Home"),
        Key::TabStudy => ("学习", "Study"),
        Key::TabPledges => ("承诺", "Pledges"),
        Key::TabTalks => ("谈话", "Talks"),
        Key::TabEvents => ("活动", "Activities"),
        Key::TabMe => ("我的", "Me"),
        Key::Language => ("语言", "Language"),
        Key::LogIn => ("登录", "Log in"),
        Key::LoggingIn => ("正在登录…", "Logging in…"),
        Key::LoginIntro => (
            "请使用支部为你开设的账号登录。",
            "Log in with the account your branch set up for you.",
        ),
        Key::LoginName => ("登录名", "Login name"),
        Key::Password => ("密码", "Password"),
        Key::CurrentPassword => ("当前密码", "Current password"),
        Key::NewPassword => ("新密码", "New password"),
        Key::Offline => (
            "无法连接服务器，请检查网络后重试",
            "Cannot reach the server; check the connection and try again",
        ),
        Key::OfflineNote => (
            "当前离线：显示的是本机保存的内容",
            "Offline: showing what is saved on this phone",
        ),
        Key::Loading => ("正在加载…", "Loading…"),
        Key::Hello => ("你好，", "Hello, "),
        Key::Account => ("账号信息", "Account"),
        Key::DisplayName => ("姓名", "Name"),
        Key::Role => ("身份", "Role"),
        Key::Branch => ("所在支部", "Branch"),
        Key::NoBranch => ("未分配支部", "No branch"),
        Key::JoinedParty => ("入党日期", "Joined the Party"),
        Key::NotRecorded => ("未登记", "Not recorded"),
        Key::ChangePassword => ("修改密码", "Change password"),
        Key::SavePassword => ("保存新密码", "Save new password"),
        Key::Saving => ("正在保存…", "Saving…"),
        Key::PasswordChanged => (
            "密码已修改，其他设备上的登录已退出。",
            "Password changed; you are logged out on every other device.",
        ),
        Key::LogOut => ("退出登录", "Log out"),
        Key::LoggingOut => ("正在退出…", "Logging out…"),
        Key::NotFound => ("页面不存在", "Page not found"),
        Key::NotFoundText => (
            "这个地址没有对应的页面。",
            "There is no page at this address.",
        ),
        Key::BackHome => ("返回首页", "Back to the home page"),
        Key::PageNotLoaded => ("这个页面需要联网打开", "This page needs a connection"),
        Key::PageNotLoadedText => (
            "这个页面还没有保存到手机上，联网后即可打开，之后离线也能用。已保存的内容都在手机上，不会丢失。",
            "This page is not on your phone yet. Open it once with a connection and it works offline afterwards. Everything you saved is on your phone and is kept.",
        ),
        // Charts and the branch study overview
        Key::ChartYearProgress => ("全年学时进度", "Study hours this year"),
        Key::ChartTargetWaived => ("已免除学时要求", "Target waived"),
        Key::BranchStudyTitle => ("支部学习情况", "Branch study"),
        Key::BranchStudyOnly => (
            "只有支部书记和支委可以查看",
            "Only the branch secretary and committee can see this",
        ),
        Key::BranchYear => ("年度", "Year"),
        Key::BranchListedByLogin => (
            "按登录名排列，仅供支部掌握学习要求的完成情况。",
            "Listed by login name, so the branch can see which study obligations are still open.",
        ),
        Key::BranchNoMembers => ("支部还没有党员。", "The branch has no members yet."),
        Key::BranchPlanDone => ("学习要求", "Study plan"),
        Key::BranchBehind => ("进度落后", "Behind pace"),
        Key::BranchWaive => ("免除学时要求", "Waive the target"),
        Key::BranchWaiveSaved => ("已保存：已免除学时要求", "Saved: target waived"),
        Key::BranchRestoreSaved => ("已保存：已恢复学时要求", "Saved: target restored"),
        Key::BranchSettings => ("学时设置", "Study-hour settings"),
        Key::SettingMinutesPerHour => ("每学时分钟数", "Minutes per study hour"),
        Key::SettingTargetMember => ("党员年度学时目标", "Annual study-hour target (members)"),
        Key::SettingTargetCadre => (
            "支部书记、支委年度学时目标",
            "Annual study-hour target (secretary and committee)",
        ),
        Key::SettingsSave => ("保存设置", "Save settings"),
        Key::SettingsSaved => (
            "设置已保存，全支部的学时按新设置计算。",
            "Settings saved; the branch's hours now follow them.",
        ),
        Key::TalksTitle => ("我的谈话记录", "My talk records"),
        Key::AddTalk => ("记一次谈话", "Record a talk"),
        Key::EditTalk => ("修改谈话记录", "Edit talk record"),
        Key::NewTalk => ("新的谈话记录", "New talk record"),
        Key::TalkRecord => ("谈话记录", "Talk record"),
        Key::NoTalksYet => ("还没有谈话记录。", "No talk records yet."),
        Key::StillToTalk => ("今年还需谈心谈话的同志", "Still to talk with this year"),
        Key::StillToTalkNone => (
            "今年需要的谈心谈话都已完成。",
            "Every talk you owe this year is done.",
        ),
        Key::StatusConfirmed => ("已确认", "Confirmed"),
        Key::StatusDisputed => ("有异议", "Disputed"),
        Key::StatusAwaiting => ("待确认", "Awaiting confirmation"),
        Key::WrittenBy => ("记录人", "Written by"),
        Key::OutsidePeople => ("支部以外的谈话对象", "People from outside the branch"),
        Key::OutsideHint => ("每行一个姓名", "One name per line"),
        Key::RosterEmpty => (
            "支部名单尚未载入，联网后再试；也可填写支部以外的谈话对象。",
            "The branch roster has not loaded yet; try again online, or name people from outside the branch.",
        ),
        Key::KeepsCounterparts => (
            "已保存的谈话对象不能移除；如需更改，请删除后重新记录。",
            "Counterparts already saved cannot be removed; delete the record and write a new one instead.",
        ),
        Key::Confirm => ("确认无误", "Confirm"),
        Key::Dispute => ("提出异议", "Dispute"),
        Key::Answers => ("谈话对象确认情况", "Counterparts' answers"),
        Key::NotAnswered => ("尚未确认", "Not answered yet"),
        Key::YourAnswer => ("你的确认", "Your answer"),
        Key::FixedByConfirmation => (
            "谈话对象已确认，记录不能再修改。",
            "A counterpart confirmed this record; it can no longer be changed.",
        ),
        Key::MarkFollowUpDone => ("跟进事项已完成", "Follow-up done"),
        Key::FollowUpDoneOn => ("跟进完成于", "Follow-up done on"),
        Key::FollowUps => ("谈话约定的跟进事项", "Follow-ups agreed in talks"),
        Key::NoFollowUps => ("没有待完成的跟进事项。", "No follow-ups open."),
        Key::BranchTalks => ("支部谈话情况", "Branch talks"),
        Key::BranchTalksOnly => (
            "只有支部书记和支委可以查看支部谈话情况。",
            "Only the branch secretary and committee see the branch's talks.",
        ),
        Key::CoverageTitle => ("谈心谈话覆盖情况", "Talk coverage"),
        Key::CoverageOpen => ("尚未谈话", "Not yet talked"),
        Key::CoverageDone => ("已谈话并确认", "Talked and confirmed"),
        Key::BranchTalkList => ("本年度的谈话", "This year's talks"),
        Key::NoBranchTalks => ("本年度还没有谈话记录。", "No talks recorded this year."),
        Key::TalkNotHere => (
            "这条谈话记录不在本机上。",
            "This talk record is not on this phone.",
        ),
        Key::Edit => ("修改", "Edit"),
        Key::Back => ("返回", "Back"),
        Key::OutsideCount => ("位支部以外人员", " people from outside the branch"),
        Key::Retry => ("重试", "Try again"),
        Key::SignatureHere => ("在此签名", "Sign here"),
        Key::SignatureHint => (
            "用手指、触控笔或鼠标在横线上方签名。",
            "Sign above the line with a finger, a stylus or the mouse.",
        ),
        Key::SignatureUndo => ("撤销一笔", "Undo stroke"),
        Key::SignatureClear => ("清除", "Clear"),
        Key::SignatureShown => ("手写签名", "Handwritten signature"),
    }
}

/// The hint under a new-password field, with the model's minimum length.
pub fn new_password_hint(lang: Lang) -> String {
    let min = zhibu_model::NewPassword::MIN;
    match lang {
        Lang::ZhCn => format!("至少 {min} 个字符"),
        Lang::En => format!("At least {min} characters"),
    }
}

/// A date as members write it: 2001年7月1日 / 2001-07-01.
pub fn date(lang: Lang, d: zhibu_model::chrono::NaiveDate) -> String {
    use zhibu_model::chrono::Datelike;
    match lang {
        Lang::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => d.to_string(),
    }
}

/// A moment (unix milliseconds) on this phone's clock and time zone, to the minute:
/// 2026年11月28日 16:05 / 2026-11-28 16:05.
pub fn date_time(lang: Lang, millis: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
    let (y, mo, day) = (d.get_full_year(), d.get_month() + 1, d.get_date());
    let (h, mi) = (d.get_hours(), d.get_minutes());
    match lang {
        Lang::ZhCn => format!("{y}年{mo}月{day}日 {h:02}:{mi:02}"),
        Lang::En => format!("{y}-{mo:02}-{day:02} {h:02}:{mi:02}"),
    }
}

/// The UI language, shared through context. Copy: it is only a signal.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Reads the language (reactively).
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// Reads the language without subscribing (for requests started by events).
    pub fn lang_untracked(self) -> Lang {
        self.lang.get_untracked()
    }

    /// A string of the current language (reactively).
    pub fn t(self, key: impl Text) -> &'static str {
        t(self.lang.get(), key)
    }

    /// A string that follows the language, for a view or an attribute. Every call with one
    /// key type returns the same closure type, so the renderer's code for it exists once
    /// per key type in the wasm rather than once per call site (this matters for size).
    pub fn tr<K: Text>(self, key: K) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || t(self.lang.get(), key)
    }

    /// Switches the UI, remembers the choice and tells the browser (`<html lang>`), at
    /// once rather than in an effect, so screen readers and tests see it immediately.
    pub fn set(self, lang: Lang) {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.tag());
        }
        set_html_lang(lang);
        self.lang.set(lang);
    }
}

/// Creates the language context from the stored choice (zh-CN when there is none).
pub fn provide_i18n() -> I18n {
    let stored = local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map(|tag| Lang::from_tag(&tag))
        .unwrap_or_default();
    set_html_lang(stored);
    let i18n = I18n {
        lang: RwSignal::new(stored),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn set_html_lang(lang: Lang) {
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", lang.tag());
    }
}

/// The tab's title: the page, then the app's name.
pub fn set_document_title(page: &str, lang: Lang) {
    let app = t(lang, Key::AppName);
    let title = if page == app {
        app.to_owned()
    } else {
        format!("{page} · {app}")
    };
    document().set_title(&title);
}

/// The browser's localStorage; `None` where it is refused (private modes, policies).
pub fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The strings of the branch activities pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvKey {
    MonthGrid,
    HasEvents,
    PoliticalBirthday,
    PrevMonth,
    NextMonth,
    NewEvent,
    NothingThatDay,
    Upcoming,
    ClearMinutes,
    ClearMinutesHint,
    NoUpcoming,
    Cancelled,
    SelfCheckIn,
    SelfCheckInAbout,
    SelfCheckInOn,
    EventNotHere,
    ChinaTime,
    CancelledBecause,
    Kinds,
    Time,
    Venue,
    Audience,
    StudyElement,
    Agenda,
    Minutes,
    YouAttend,
    LeaveApproved,
    LeaveRefused,
    LeaveWaiting,
    YouAskedLeave,
    YourAnswer,
    Attend,
    AskLeave,
    SendLeave,
    CheckIn,
    CheckInCode,
    CheckInQueued,
    CheckInAccepted,
    ManageEvent,
    EditEvent,
    AttendanceSheet,
    LeaveRequests,
    Approve,
    Refuse,
    AttachMinutes,
    CancelEvent,
    ChinaTimeHint,
    RepeatNone,
    RepeatWeekly,
    RepeatMonthly,
    Expected,
    Present,
    OnLeave,
    Absent,
    Unmarked,
    CheckedIn,
    AskedLeave,
    Attending,
    SheetNeedsServer,
    BackToEvent,
    CodeChangesIn,
    Obligations,
    NoObligations,
    AllEvents,
    MyCalendar,
    FeedAbout,
    FeedCreate,
    FeedRenew,
    FeedRevoke,
    FeedRevoked,
    FeedNew,
    ShowMyBirthday,
    Rules,
    RulesOwn,
    RulesDefault,
    BySecretary,
    RulePer,
    RuleTimes,
    RuleSource,
    RulesSave,
    RulesReset,
    ManagersOnly,
    MinutesNotYet,
    PartyGroups,
    PartyGroupsAbout,
    NoPartyGroup,
    NoPartyGroupsYet,
    PartyGroupSaved,
}

impl Text for EvKey {
    fn pair(self) -> (&'static str, &'static str) {
        ev(self)
    }
}

fn ev(key: EvKey) -> (&'static str, &'static str) {
    match key {
        EvKey::MonthGrid => ("月历", "Month calendar"),
        EvKey::HasEvents => ("有活动", "events"),
        EvKey::PoliticalBirthday => ("政治生日", "political birthday"),
        EvKey::PrevMonth => ("上个月", "Previous month"),
        EvKey::NextMonth => ("下个月", "Next month"),
        EvKey::NewEvent => ("新建活动", "New event"),
        EvKey::NothingThatDay => ("这一天没有活动", "Nothing on this day"),
        EvKey::Upcoming => ("近期活动", "Coming up"),
        EvKey::ClearMinutes => ("清除已有的会议记录", "Remove the minutes already written"),
        EvKey::ClearMinutesHint => (
            "改到尚未开始的时间时需要清除：活动开始后才能填写会议记录。",
            "Needed when the event moves to a time that has not come yet: minutes are for events that have started.",
        ),
        EvKey::NoUpcoming => ("近期没有活动安排", "Nothing planned yet"),
        EvKey::Cancelled => ("已取消", "Cancelled"),
        EvKey::SelfCheckIn => ("党员自助签到", "Member self check-in"),
        EvKey::SelfCheckInAbout => (
            "开启后，党员可在活动当天输入书记手机上显示的签到码签到；默认由书记在考勤表上登记。",
            "When on, members check in on the day with the code the secretary's phone shows; by default the secretary takes attendance on the sheet.",
        ),
        EvKey::SelfCheckInOn => ("本支部开启自助签到", "Self check-in on for this branch"),
        EvKey::EventNotHere => (
            "本机还没有这项活动（同步后显示）",
            "This event is not on this phone yet (it shows after syncing)",
        ),
        EvKey::ChinaTime => ("北京时间", "China time"),
        EvKey::CancelledBecause => ("活动已取消：", "Cancelled: "),
        EvKey::Kinds => ("活动类型", "Kind"),
        EvKey::Time => ("时间", "Time"),
        EvKey::Venue => ("地点", "Place"),
        EvKey::Audience => ("参加范围", "Who attends"),
        EvKey::StudyElement => ("学习内容", "Study"),
        EvKey::Agenda => ("议程", "Agenda"),
        EvKey::Minutes => ("会议记录", "Minutes"),
        EvKey::YouAttend => ("已报名参加", "You are attending"),
        EvKey::LeaveApproved => ("已批准", "approved"),
        EvKey::LeaveRefused => ("未批准", "refused"),
        EvKey::LeaveWaiting => ("待审批", "awaiting a decision"),
        EvKey::YouAskedLeave => ("已请假：", "You asked for leave: "),
        EvKey::YourAnswer => ("我的回复", "Your reply"),
        EvKey::Attend => ("参加", "Attend"),
        EvKey::AskLeave => ("请假", "Ask for leave"),
        EvKey::SendLeave => ("提交请假", "Send leave request"),
        EvKey::CheckIn => ("签到", "Check in"),
        EvKey::CheckInCode => ("签到码", "Check-in code"),
        EvKey::CheckInQueued => (
            "签到已保存在本机，联网后由服务器核验",
            "Check-in saved on this phone; the server verifies it when online",
        ),
        EvKey::CheckInAccepted => ("签到成功", "Checked in"),
        EvKey::ManageEvent => ("活动管理", "Manage"),
        EvKey::EditEvent => ("修改活动", "Edit event"),
        EvKey::AttendanceSheet => ("考勤表", "Attendance sheet"),
        EvKey::LeaveRequests => ("请假申请", "Leave requests"),
        EvKey::Approve => ("批准", "Approve"),
        EvKey::Refuse => ("不批准", "Refuse"),
        EvKey::AttachMinutes => ("填写会议记录", "Write the minutes"),
        EvKey::CancelEvent => ("取消活动", "Cancel event"),
        EvKey::ChinaTimeHint => ("时间按北京时间填写", "Times are China time"),
        EvKey::RepeatNone => ("不重复", "Does not repeat"),
        EvKey::RepeatWeekly => ("每周同一天", "Every week on this weekday"),
        EvKey::RepeatMonthly => ("每月同一日", "Every month on this day"),
        EvKey::Expected => ("应到", "Expected"),
        EvKey::Present => ("出席", "Present"),
        EvKey::OnLeave => ("请假", "On leave"),
        EvKey::Absent => ("缺席", "Absent"),
        EvKey::Unmarked => ("未登记", "Not marked"),
        EvKey::CheckedIn => ("已自助签到", "checked in"),
        EvKey::AskedLeave => ("请过假", "asked for leave"),
        EvKey::Attending => ("报名参加", "said they attend"),
        EvKey::SheetNeedsServer => (
            "请先联网打开一次考勤表，之后离线也可登记",
            "Open the sheet once online; then it works offline too",
        ),
        EvKey::BackToEvent => ("返回活动", "Back to the event"),
        EvKey::CodeChangesIn => ("签到码刷新倒计时：", "New code in "),
        EvKey::Obligations => ("组织生活提醒", "Organisational life due"),
        EvKey::NoObligations => ("当前没有待办的组织生活要求", "Nothing due right now"),
        EvKey::AllEvents => ("全部活动", "All events"),
        EvKey::MyCalendar => ("我的日历", "My calendar"),
        EvKey::FeedAbout => (
            "生成一个只属于你的订阅地址，在手机日历中订阅后即可看到支部活动。地址只显示一次，请妥善保管；重新生成或停止订阅后，旧地址立即失效。",
            "Make a private address to subscribe to in your phone's calendar app to see the branch's events. It is shown once: keep it to yourself. Making a new one or stopping stops the old one at once.",
        ),
        EvKey::FeedCreate => ("生成订阅地址", "Make a subscription address"),
        EvKey::FeedRenew => (
            "重新生成（旧地址失效）",
            "Make a new one (the old one stops)",
        ),
        EvKey::FeedRevoke => ("停止订阅", "Stop the subscription"),
        EvKey::FeedRevoked => (
            "订阅已停止，旧地址已失效",
            "Stopped: the old address no longer works",
        ),
        EvKey::FeedNew => ("订阅地址", "Subscription address"),
        EvKey::Rules => ("组织生活要求", "Organisational life rules"),
        EvKey::RulesOwn => (
            "本支部已调整下列要求；合规情况按此计算。",
            "This branch has set its own rules; compliance is counted by them.",
        ),
        EvKey::RulesDefault => (
            "按党内法规的默认要求计算。支部可调整频次（如党课每半年一次）并注明依据。",
            "Counted by the default rules. The branch may change how often (e.g. 党课 every half-year) and cite its basis.",
        ),
        EvKey::BySecretary => ("（书记讲）", " (by the secretary)"),
        EvKey::RulePer => ("周期", "Period"),
        EvKey::RuleTimes => ("至少次数", "At least (times)"),
        EvKey::RuleSource => ("依据", "Basis"),
        EvKey::RulesSave => ("保存要求", "Save the rules"),
        EvKey::RulesReset => ("恢复默认要求", "Back to the default rules"),
        EvKey::ManagersOnly => (
            "只有支部书记和支委可以新建、修改活动和登记考勤。",
            "Only the branch secretary and committee can create or edit events and take attendance.",
        ),
        EvKey::MinutesNotYet => (
            "活动开始后才能填写会议记录。",
            "Minutes can be written once the event has started.",
        ),
        EvKey::PartyGroups => ("党小组", "Party groups"),
        EvKey::PartyGroupsAbout => (
            "为党员分配党小组；活动的参加范围可选某个党小组，考勤表按小组成员计算应到人数。留空表示不在任何党小组。需要联网保存。",
            "Put members in party groups; an event may be for one group, and its sheet then expects that group's members. Empty means no group. Saving needs a connection.",
        ),
        EvKey::NoPartyGroup => ("未分组", "No group"),
        EvKey::NoPartyGroupsYet => (
            "还没有党小组：请先在“活动”页的“党小组”中为党员分组。",
            "No party groups yet: first put members in groups under “Party groups” on the Events page.",
        ),
        EvKey::PartyGroupSaved => ("已保存", "Saved"),
        EvKey::ShowMyBirthday => (
            "在支部日历上显示我的政治生日",
            "Show my political birthday on the branch calendar",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhibu_model::error::field_label;

    #[test]
    fn field_labels_match_the_models_error_messages() {
        let pairs = [
            (Key::LoginName, "login"),
            (Key::Password, "password"),
            (Key::CurrentPassword, "current_password"),
            (Key::NewPassword, "new_password"),
        ];
        for lang in Lang::ALL {
            for (key, field) in pairs {
                assert_eq!(t(lang, key), field_label(field, lang));
            }
        }
    }

    #[test]
    fn dates_read_naturally() {
        let d = zhibu_model::chrono::NaiveDate::from_ymd_opt(2001, 7, 1).unwrap();
        assert_eq!(date(Lang::ZhCn, d), "2001年7月1日");
        assert_eq!(date(Lang::En, d), "2001-07-01");
    }
}
