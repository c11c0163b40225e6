//! The UI language and every string the SPA shows.
//!
//! Each key yields a `(zh, en)` pair ([`Text`]), so a key without both translations does
//! not compile. The shell's and the login page's strings are [`Key`]; the member pages
//! ([`PgKey`]), the activities ([`EvKey`]) and the pledges ([`PlKey`]) have key types of
//! their own, so their tables are only in the wasm chunks of the pages that show them,
//! not in the main module. Error messages come from the model crate instead,
//! so the SPA's own validation reads exactly like the server's answers.

mod pages;
mod pledges;

pub use pages::PgKey;
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
    TabOrg,
    Language,
    LogIn,
    LoggingIn,
    LoginIntro,
    FirstUse,
    LoginName,
    Password,
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
    Loading,
    NoBranch,
    NotFound,
    NotFoundText,
    BackHome,
    PageNotLoaded,
    PageNotLoadedText,
    Retry,
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

impl Label {
    /// A label of a key type kept with its feature (see `crate::org::strings`).
    pub fn of(key: impl Text) -> Self {
        Self(key.pair())
    }
}

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

impl From<PgKey> for Label {
    fn from(key: PgKey) -> Self {
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
        Key::AppName => ("支部", "Zhibu"),
        Key::Tagline => ("党支部党员服务", "Party branch member portal"),
        Key::MainNav => ("主导航", "Main navigation"),
        Key::TabHome => ("首页", "Home"),
        Key::TabStudy => ("学习", "Study"),
        Key::TabPledges => ("承诺", "Pledges"),
        Key::TabTalks => ("谈话", "Talks"),
        Key::TabOrg => ("管理", "Admin"),
        Key::TabEvents => ("活动", "Activities"),
        Key::TabMe => ("我的", "Me"),
        Key::Language => ("语言", "Language"),
        Key::LogIn => ("登录", "Log in"),
        Key::LoggingIn => ("正在登录…", "Logging in…"),
        Key::LoginIntro => (
            "请使用支部为你开设的账号登录。",
            "Log in with the account your branch set up for you.",
        ),
        Key::FirstUse => (
            "首次使用？用激活码设置密码",
            "First time? Set your password with your code",
        ),
        Key::LoginName => ("登录名", "Login name"),
        Key::Password => ("密码", "Password"),
        Key::Offline => (
            "无法连接服务器，请检查网络后重试",
            "Cannot reach the server; check the connection and try again",
        ),
        Key::OfflineNote => (
            "当前离线：显示的是本机保存的内容",
            "Offline: showing what is saved on this phone",
        ),
        Key::Loading => ("正在加载…", "Loading…"),
        Key::NoBranch => ("未分配支部", "No branch"),
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
        Key::Retry => ("重试", "Try again"),
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
    BackToEvents,
    BranchSettings,
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
        EvKey::BackToEvents => ("返回活动日历", "Back to the calendar"),
        EvKey::BranchSettings => ("支部活动设置", "Branch activity settings"),
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
            (Label::from(Key::LoginName), "login"),
            (Key::Password.into(), "password"),
            (PgKey::CurrentPassword.into(), "current_password"),
            (PgKey::NewPassword.into(), "new_password"),
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
