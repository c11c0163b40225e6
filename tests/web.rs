//! The SPA in a real browser (headless Chromium): the login page's languages, the
//! navigation, the form's own validation, and pages waiting for the phone's store. Each test mounts the whole app into a fresh
//! element at a chosen address and removes it afterwards.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;
use zhibu::App;
use zhibu_model::{Me, MemberId, Role};

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// A fresh start at `path`: no stored language, no cached member.
fn start_at(path: &str) -> HtmlElement {
    storage().remove_item(zhibu::i18n::STORAGE_KEY).unwrap();
    storage().remove_item(zhibu::session::CACHE_KEY).unwrap();
    common::root_at(path)
}

/// A plain member of no branch, new to this phone.
fn member(login: &str, name: &str) -> Me {
    Me {
        id: MemberId::new(),
        login: login.into(),
        display_name: name.into(),
        role: Role::Member,
        branch_id: None,
        branch_name: None,
        joined_party_on: None,
    }
}

/// A member from an earlier visit: the shell opens without waiting for the server.
fn remember(me: Me) {
    storage()
        .set_item(
            zhibu::session::CACHE_KEY,
            &serde_json::to_string(&me).unwrap(),
        )
        .unwrap();
}

/// Unmounts the app and forgets the cached member, for the next test.
fn finish(app: impl Sized, root: HtmlElement) {
    drop(app);
    root.remove();
    storage().remove_item(zhibu::session::CACHE_KEY).unwrap();
}

fn text(root: &HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn button(root: &HtmlElement, label: &str) -> HtmlElement {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i))
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("no button {label}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn login_page_is_chinese_first_and_switches_to_english() {
    let root = start_at("/login");
    let app = mount_to(root.clone(), App);
    tick().await;

    assert_eq!(text(&root, "label[for=login]"), "登录名");
    assert_eq!(text(&root, "label[for=password]"), "密码");
    assert_eq!(text(&root, "button[type=submit]"), "登录");
    let html = document().document_element().unwrap();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("zh-CN"));

    button(&root, "English").click();
    tick().await;

    assert_eq!(text(&root, "label[for=login]"), "Login name");
    assert_eq!(text(&root, "label[for=password]"), "Password");
    assert_eq!(text(&root, "button[type=submit]"), "Log in");
    assert_eq!(
        storage()
            .get_item(zhibu::i18n::STORAGE_KEY)
            .unwrap()
            .as_deref(),
        Some("en")
    );
    assert_eq!(html.get_attribute("lang").as_deref(), Some("en"));
    let english = button(&root, "English");
    assert_eq!(
        english.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );

    finish(app, root);
}

#[wasm_bindgen_test]
async fn empty_login_is_refused_in_the_servers_words_before_any_request() {
    let root = start_at("/login");
    let app = mount_to(root.clone(), App);
    tick().await;

    button(&root, "登录").click();
    tick().await;

    assert_eq!(text(&root, "#login-error"), "请填写登录名");
    let input = root.query_selector("#login").unwrap().unwrap();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("login-error")
    );
    // Nothing was sent: the button never went into its pending state.
    assert!(!button(&root, "登录").has_attribute("disabled"));

    finish(app, root);
}

#[wasm_bindgen_test]
async fn a_member_sees_six_tabs_with_the_current_one_marked() {
    let root = start_at("/study");
    remember(Me {
        branch_name: Some("综合办公室党支部".into()),
        ..member("wangjianguo", "王建国")
    });
    let app = mount_to(root.clone(), App);
    tick().await;

    // A member's six tabs; 管理 is there for the committees, hidden from a member.
    let shown = root.query_selector_all("nav li:not([hidden]) a").unwrap();
    let labels: Vec<String> = (0..shown.length())
        .filter_map(|i| shown.item(i))
        .map(|a| a.text_content().unwrap_or_default())
        .collect();
    assert_eq!(labels, ["首页", "学习", "承诺", "谈话", "活动", "我的"]);
    assert_eq!(text(&root, "nav li[hidden] a"), "管理");
    assert_eq!(text(&root, "a[aria-current=page]"), "学习");
    assert_eq!(text(&root, "h1"), "学习");
    assert_eq!(text(&root, ".app-branch"), "综合办公室党支部");

    finish(app, root);
}

#[wasm_bindgen_test]
async fn a_page_waits_for_the_phones_store_before_it_shows() {
    let root = start_at("/study");
    remember(member("lilan", "李岚"));
    let app = mount_to(root.clone(), App);
    tick().await;

    // The shell is there at once; the page, which shows the store's records (and whose
    // forms would be overwritten by them), waits until the store is open.
    assert_eq!(text(&root, "h1"), "学习");
    assert_eq!(text(&root, ".app-main .splash"), "正在加载…");
    assert!(root.query_selector(".app-main section").unwrap().is_none());
    common::until(|| root.query_selector(".app-main section").unwrap().is_some()).await;
    assert!(root.query_selector(".app-main .splash").unwrap().is_none());

    finish(app, root);
}

#[wasm_bindgen_test]
async fn links_open_pages_in_the_app_and_back_returns() {
    let root = start_at("/study");
    remember(member("zhaoyun", "赵云"));
    let app = mount_to(root.clone(), App);
    common::until(|| root.query_selector(".app-main section").unwrap().is_some()).await;
    // A mark on the page's element would not survive a reload of the document.
    root.set_attribute("data-same-document", "yes").unwrap();

    let events: HtmlElement = root
        .query_selector("nav a[href='/events']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    events.click();
    common::until(|| text(&root, "h1") == "活动").await;
    let location = web_sys::window().unwrap().location();
    assert_eq!(location.pathname().unwrap(), "/events");
    assert_eq!(text(&root, "a[aria-current=page]"), "活动");
    assert_eq!(
        root.get_attribute("data-same-document").as_deref(),
        Some("yes")
    );

    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    common::until(|| text(&root, "h1") == "学习").await;
    assert_eq!(location.pathname().unwrap(), "/study");
    assert_eq!(text(&root, "a[aria-current=page]"), "学习");

    finish(app, root);
}

#[wasm_bindgen_test]
async fn an_unknown_address_or_a_bad_record_id_has_no_page() {
    for path in ["/nowhere", "/study/42", "/talks/not-an-id/edit"] {
        let root = start_at(path);
        remember(member("zhaoyun", "赵云"));
        let app = mount_to(root.clone(), App);
        tick().await;
        assert_eq!(text(&root, "h1"), "页面不存在", "{path}");
        assert!(root.query_selector("nav").unwrap().is_none(), "{path}");
        finish(app, root);
    }
}
