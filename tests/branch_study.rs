//! The branch study overview in a real browser (headless Chromium), against a stand-in
//! for the server: `window.fetch` answers from a table of canned JSON (and fails like a
//! lost connection for anything else), and records what the page sent.
#![cfg(target_arch = "wasm32")]

use common::{one, storage, until, window};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use zhibu::pages::branch_study::BranchStudyPage;
use zhibu_model::branch_study::{BranchStudyOverview, MemberStudy, StudyProfile};
use zhibu_model::rules::StudySettings;
use zhibu_model::{ApiError, BranchId, ErrorCode, Me, MemberId, Role};

mod common;

wasm_bindgen_test_configure!(run_in_browser);

/// (method, path with query, status, JSON body)
type Route = (&'static str, String, u16, String);

/// Replaces `window.fetch` by the table; anything not in it fails as offline does. A
/// request listed twice gets the first answer once, then the second.
fn fake_server(routes: &[Route]) {
    let table = serde_json::to_string(routes).unwrap();
    let script = format!(
        r#"(() => {{
            const routes = {table};
            window.__sent = [];
            if (!window.__realFetch) window.__realFetch = window.fetch;
            window.fetch = async (input, init) => {{
                const req = new Request(input, init);
                const u = new URL(req.url);
                const path = u.pathname + u.search;
                const body = req.method === "GET" ? null : await req.text();
                window.__sent.push({{ method: req.method, path, body,
                    type: req.headers.get("Content-Type") }});
                const same = r => r[0] === req.method && r[1] === path;
                const i = routes.findIndex(same);
                if (i < 0) throw new TypeError("Failed to fetch");
                const hit = routes[i];
                // An answer given again and again, unless a later one follows it.
                if (routes.slice(i + 1).some(same)) routes.splice(i, 1);
                return new Response(hit[3], {{ status: hit[2],
                    headers: {{ "Content-Type": "application/json" }} }});
            }};
        }})()"#
    );
    js_sys::eval(&script).unwrap();
}

/// What the page sent, as `METHOD path body` lines (GETs without a body), leaving out
/// the session's own check (`/api/v1/me`).
fn sent() -> Vec<String> {
    let json = js_sys::eval("JSON.stringify(window.__sent)").unwrap();
    let list: Vec<serde_json::Value> = serde_json::from_str(&json.as_string().unwrap()).unwrap();
    list.into_iter()
        .filter(|r| r["path"] != "/api/v1/me")
        .map(|r| {
            let mut line = format!(
                "{} {}",
                r["method"].as_str().unwrap(),
                r["path"].as_str().unwrap()
            );
            if let Some(body) = r["body"].as_str() {
                assert_eq!(r["type"], "application/json", "{line}");
                line.push(' ');
                line.push_str(body);
            }
            line
        })
        .collect()
}

fn this_year() -> i32 {
    let china = js_sys::Date::now() + 8.0 * 3_600_000.0;
    js_sys::Date::new(&china.into()).get_utc_full_year() as i32
}

fn member(name: &str, login: &str, role: Role, tenths: u32, target: Option<u32>) -> MemberStudy {
    MemberStudy {
        member_id: MemberId::new(),
        display_name: name.into(),
        login: login.into(),
        role,
        tenths,
        target_hours: target,
        behind: false,
        plan_done: 0,
        counted_from: None,
        counted_until: None,
    }
}

/// Three members in login order — deliberately not in order of hours.
fn branch() -> Vec<MemberStudy> {
    let mut chen = member("陈静", "chenjing", Role::Member, 410, Some(32));
    chen.plan_done = 5;
    let mut li = member("李红", "lihong", Role::Secretary, 50, Some(56));
    li.behind = true;
    li.plan_done = 1;
    let mut wang = member("王建国", "wangjianguo", Role::Member, 120, None);
    wang.plan_done = 3;
    vec![chen, li, wang]
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

fn profile_route() -> Route {
    let profile = StudyProfile {
        settings: StudySettings::default(),
        waived: false,
        target_hours: Some(56),
        credited: Vec::new(),
    };
    ("GET", "/api/v1/study/profile".into(), 200, json(&profile))
}

fn overview_route(year: i32, members: Vec<MemberStudy>) -> Route {
    let overview = BranchStudyOverview {
        year,
        members,
        plan_items: 5,
    };
    (
        "GET",
        format!("/api/v1/branch/study?year={year}"),
        200,
        json(&overview),
    )
}

/// The page for a cached member of `role`, with the providers the app gives it.
fn mount_page(role: Role) -> (HtmlElement, impl Sized) {
    storage().remove_item(zhibu::i18n::STORAGE_KEY).unwrap();
    let document = window().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let me = Me {
        id: MemberId::new(),
        login: "lihong".into(),
        display_name: "李红".into(),
        role,
        branch_id: Some(BranchId::new()),
        branch_name: Some("综合办公室党支部".into()),
        joined_party_on: None,
    };
    storage()
        .set_item(zhibu::session::CACHE_KEY, &json(&me))
        .unwrap();
    let handle = mount_to(root.clone(), move || {
        let i18n = zhibu::i18n::provide_i18n();
        zhibu::session::provide_session(i18n);
        view! { <BranchStudyPage /> }
    });
    storage().remove_item(zhibu::session::CACHE_KEY).unwrap();
    (root, handle)
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(JsCast::unchecked_into)
        .collect()
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

fn shown(el: &Element) -> bool {
    !el.has_attribute("hidden")
}

fn button(root: &Element, label: &str) -> HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| text(b).trim() == label)
        .unwrap_or_else(|| panic!("no button {label}"))
        .unchecked_into()
}

/// Types into an input as a person would (the value, then an input event).
fn type_into(root: &Element, selector: &str, value: &str) {
    let input = one(root, selector);
    js_sys::Reflect::set(&input, &"value".into(), &value.into()).unwrap();
    let event = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
}

fn restore_fetch() {
    js_sys::eval("if (window.__realFetch) window.fetch = window.__realFetch").unwrap();
}

#[wasm_bindgen_test]
async fn only_the_secretary_and_committee_see_the_overview() {
    fake_server(&[]);
    let (root, handle) = mount_page(Role::Member);
    tick().await;

    assert_eq!(text(&root).trim(), "只有支部书记和支委可以查看");
    assert!(all(&root, "button").is_empty());
    // Nothing of the branch's was asked for.
    assert!(sent().iter().all(|s| !s.contains("/branch/")));

    drop(handle);
    root.remove();
    restore_fetch();
}

#[wasm_bindgen_test]
async fn members_are_listed_as_the_server_gives_them() {
    let year = this_year();
    fake_server(&[profile_route(), overview_route(year, branch())]);
    let (root, handle) = mount_page(Role::Committee);
    let list = one(&root, "ul.member-study");
    until(|| shown(&list)).await;

    let rows = all(&root, "ul.member-study > li");
    let names: Vec<String> = rows.iter().map(|r| text(&one(r, ".member-name"))).collect();
    // By login, as sent — never by hours (陈静 has the most, 李红 the fewest).
    assert_eq!(names, ["陈静", "李红", "王建国"]);
    let figures: Vec<String> = rows
        .iter()
        .map(|r| text(&one(r, ".progress-figures")))
        .collect();
    assert_eq!(figures, ["41 / 32 学时", "5 / 56 学时", "12 学时"]);
    assert_eq!(text(&one(&rows[1], ".member-role")), "支部书记");
    // Only the member behind pace is marked, in words.
    let behind: Vec<bool> = rows.iter().map(|r| shown(&one(r, ".tag.behind"))).collect();
    assert_eq!(behind, [false, true, false]);
    assert_eq!(text(&one(&rows[1], ".tag.behind")), "进度落后");
    assert_eq!(text(&one(&rows[0], ".member-foot .muted")), "学习要求 5/5");
    // The waived member: the note instead of a bar, and the toggle pressed.
    assert!(shown(&one(&rows[2], ".progress-waived")));
    assert!(!shown(&one(&rows[2], "[role=progressbar]")));
    let toggles: Vec<String> = rows
        .iter()
        .map(|r| {
            one(r, "button.toggle")
                .get_attribute("aria-pressed")
                .unwrap()
        })
        .collect();
    assert_eq!(toggles, ["false", "false", "true"]);
    // Nothing that ranks.
    let page = text(&root);
    for word in ["排名", "第一", "rank", "top"] {
        assert!(!page.contains(word), "{word}");
    }
    assert_eq!(
        sent(),
        [
            "GET /api/v1/study/profile".to_owned(),
            format!("GET /api/v1/branch/study?year={year}"),
        ]
    );

    drop(handle);
    root.remove();
    restore_fetch();
}

#[wasm_bindgen_test]
async fn a_waiver_is_sent_and_confirmed() {
    let year = this_year();
    let members = branch();
    let chen = members[0].member_id;
    let mut after = members.clone();
    after[0].target_hours = None;
    fake_server(&[
        profile_route(),
        overview_route(year, members),
        overview_route(year, after),
        (
            "PUT",
            format!("/api/v1/branch/members/{chen}/study-waiver"),
            200,
            r#"{"waived":true}"#.into(),
        ),
    ]);
    let (root, handle) = mount_page(Role::Secretary);
    let list = one(&root, "ul.member-study");
    until(|| shown(&list)).await;

    let row = all(&root, "ul.member-study > li").remove(0);
    let toggle: HtmlElement = one(&row, "button.toggle").unchecked_into();
    assert_eq!(text(&toggle), "免除学时要求 · 陈静");
    toggle.click();
    let status = one(&row, ".row-ok");
    until(|| shown(&status)).await;

    assert_eq!(text(&status), "已保存：已免除学时要求");
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert!(shown(&one(&row, ".progress-waived")));
    assert_eq!(
        sent()[2],
        format!("PUT /api/v1/branch/members/{chen}/study-waiver {{\"waived\":true}}")
    );
    // The figures fetched again keep the same row (and so the focus), still pressed.
    until(|| sent().len() == 4).await;
    tick().await;
    assert!(root.contains(Some(&toggle)));
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );

    drop(handle);
    root.remove();
    restore_fetch();
}

#[wasm_bindgen_test]
async fn settings_are_checked_before_sending_and_the_servers_field_errors_shown() {
    let year = this_year();
    let refusal = ApiError {
        code: ErrorCode::TooLarge,
        field: Some("target_hours_cadre".into()),
        message: "支部书记、支委年度学时目标不能超过 200".into(),
    };
    fake_server(&[
        profile_route(),
        overview_route(year, branch()),
        (
            "PUT",
            "/api/v1/branch/study-settings".into(),
            422,
            json(&refusal),
        ),
    ]);
    let (root, handle) = mount_page(Role::Secretary);
    until(|| root.query_selector("#minutes_per_hour").unwrap().is_some()).await;
    let minutes = one(&root, "#minutes_per_hour");
    assert_eq!(
        js_sys::Reflect::get(&minutes, &"value".into()).unwrap(),
        JsValue::from("45")
    );
    let value = |id: &str| {
        js_sys::Reflect::get(&one(&root, id), &"value".into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    assert_eq!(value("#target_hours_member"), "32");
    assert_eq!(value("#target_hours_cadre"), "56");

    // Our own check: nothing is sent.
    type_into(&root, "#minutes_per_hour", "90");
    button(&root, "保存设置").click();
    tick().await;
    assert_eq!(
        text(&one(&root, "#minutes_per_hour-error")),
        "每学时分钟数超出了允许的范围"
    );
    assert_eq!(sent().len(), 2);

    // The server's refusal, under the field it names.
    type_into(&root, "#minutes_per_hour", "50");
    button(&root, "保存设置").click();
    let cadre_error = one(&root, "#target_hours_cadre-error");
    until(|| shown(&cadre_error)).await;
    assert_eq!(text(&cadre_error), "支部书记、支委年度学时目标不能超过 200");
    assert!(!shown(&one(&root, "#minutes_per_hour-error")));
    assert_eq!(
        sent()[2],
        "PUT /api/v1/branch/study-settings \
         {\"target_hours_member\":32,\"target_hours_cadre\":56,\"minutes_per_hour\":50}"
    );

    drop(handle);
    root.remove();
    restore_fetch();
}

#[wasm_bindgen_test]
async fn offline_it_says_so_and_tries_again() {
    let year = this_year();
    fake_server(&[]);
    let (root, handle) = mount_page(Role::Secretary);
    let alert = one(&root, "[role=alert]");
    until(|| shown(&alert)).await;

    assert_eq!(text(&alert), "无法连接服务器，请检查网络后重试");
    assert!(!shown(&one(&root, "ul.member-study")));

    // The connection is back: a tap on 重试 shows the branch.
    fake_server(&[profile_route(), overview_route(year, branch())]);
    button(&root, "重试").click();
    let list = one(&root, "ul.member-study");
    until(|| shown(&list)).await;
    assert!(!shown(&alert));
    assert_eq!(all(&root, "ul.member-study > li").len(), 3);

    // The year before: its own figures, asked for by year.
    fake_server(&[overview_route(year - 1, Vec::new())]);
    button(&root, &(year - 1).to_string()).click();
    let empty = one(&root, ".member-empty");
    until(|| shown(&empty)).await;
    assert_eq!(
        sent(),
        [format!("GET /api/v1/branch/study?year={}", year - 1)]
    );
    assert_eq!(text(&empty), "支部还没有党员。");

    drop(handle);
    root.remove();
    restore_fetch();
}
