//! The secretary's pledge page in a real browser (headless Chromium): a template without
//! a title is named under the title field, a good one is saved on the phone through the
//! sync engine and listed as waiting to sync, and the overview, which the server
//! compiles, says it needs a connection (here `window.fetch` fails like a lost one).
#![cfg(target_arch = "wasm32")]

use common::{fake_get, mount_as, offline, one, restore_fetch, until, value};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use zhibu::app::RoutedPage;
use zhibu::router::Router;
use zhibu::sync::SyncEngine;
use zhibu_model::Uuid;
use zhibu_model::chrono::NaiveDate;
use zhibu_model::pledge::{
    BranchPledges, MemberPledgeStatus, MemberPledges, PledgeKind, StatusCounts, TemplateListed,
};
use zhibu_model::{BranchId, Me, MemberId, Role};

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn type_into(root: &Element, selector: &str, value: &str) {
    let input = one(root, selector);
    js_sys::Reflect::set(&input, &"value".into(), &value.into()).unwrap();
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn choose(root: &Element, selector: &str, value: &str) {
    let select = one(root, selector);
    js_sys::Reflect::set(&select, &"value".into(), &value.into()).unwrap();
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

fn error_of(root: &Element, field: &str) -> Option<String> {
    let p = one(root, &format!("#{field}-error"));
    (!p.has_attribute("hidden")).then(|| p.text_content().unwrap_or_default())
}

fn shown(root: &Element, selector: &str) -> bool {
    root.query_selector(selector)
        .unwrap()
        .is_some_and(|e| !e.has_attribute("hidden"))
}

fn save(root: &Element) {
    one(root, "form.pledge-template-form button[type=submit]").click();
}

fn listed(root: &Element) -> String {
    one(root, "[data-testid=templates]")
        .text_content()
        .unwrap_or_default()
}

/// Mounts the page for `me` with a started engine on a fresh local store.
async fn mount(me: &Me) -> (HtmlElement, SyncEngine, impl Sized) {
    mount_as(me, "/pledges/branch", || {
        view! {
            <Router>
                <RoutedPage />
            </Router>
        }
    })
    .await
}

fn secretary() -> Me {
    Me {
        id: MemberId::new(),
        login: "linxiaolan".into(),
        display_name: "林晓岚".into(),
        role: Role::Secretary,
        branch_id: Some(BranchId::new()),
        branch_name: Some("综合办公室党支部".into()),
        joined_party_on: None,
    }
}

async fn unmount(root: HtmlElement, engine: SyncEngine, handle: impl Sized, me: &Me) {
    restore_fetch();
    // The engine's signals belong to the mounted app: stop it before unmounting.
    let _ = engine.stop_and_forget_if_empty().await;
    drop(handle);
    root.remove();
    let _ = zhibu::sync::store::LocalStore::forget(me.id).await;
}

#[wasm_bindgen_test]
async fn a_template_without_a_title_is_named_and_a_good_one_is_saved_on_the_phone() {
    let me = secretary();
    offline();
    let (root, engine, handle) = mount(&me).await;

    // The overview is the server's: offline, the page says so and offers to retry.
    until(|| shown(&root, "[data-testid=overview-offline]")).await;
    assert!(
        one(&root, "[data-testid=overview-offline]")
            .text_content()
            .unwrap()
            .contains("需要联网")
    );
    assert!(!value(&root, "#year").is_empty(), "the year is filled in");
    assert!(listed(&root).is_empty());

    // No title: named under the title field, nothing typed lost, nothing saved.
    choose(&root, "#kind", PledgeKind::Integrity.as_str());
    type_into(&root, "#body", "我郑重承诺：严守纪律，廉洁自律。");
    save(&root);
    until(|| error_of(&root, "title").is_some()).await;
    assert_eq!(error_of(&root, "title").unwrap(), "请填写标题");
    assert_eq!(value(&root, "#body"), "我郑重承诺：严守纪律，廉洁自律。");
    assert_eq!(value(&root, "#kind"), "integrity");
    assert!(engine.view.with_untracked(Vec::is_empty));

    // Good: saved on the phone, listed as waiting to sync, and the form is ready for
    // the next one.
    type_into(&root, "#title", "廉政承诺书");
    save(&root);
    until(|| listed(&root).contains("廉政承诺书")).await;
    assert!(listed(&root).contains("待同步"), "{}", listed(&root));
    assert!(listed(&root).contains("廉政承诺"));
    assert_eq!(error_of(&root, "title"), None);
    assert_eq!(value(&root, "#title"), "");
    let row = engine.view.get_untracked().remove(0);
    assert!(row.pending);
    let t = zhibu::records::PLEDGE_TEMPLATE
        .read(&row)
        .unwrap_or_else(|| panic!("a template: {row:?}"));
    assert_eq!(t.kind, PledgeKind::Integrity);
    assert_eq!(t.body, "我郑重承诺：严守纪律，廉洁自律。");

    unmount(root, engine, handle, &me).await;
}

#[wasm_bindgen_test]
async fn a_template_is_edited_and_deleted_on_the_phone() {
    let me = secretary();
    offline();
    let (root, engine, handle) = mount(&me).await;
    until(|| shown(&root, "[data-testid=overview-offline]")).await;

    type_into(&root, "#title", "2026年度党员承诺践诺");
    type_into(&root, "#body", "请逐条填写承诺事项。");
    save(&root);
    until(|| listed(&root).contains("2026年度党员承诺践诺")).await;

    // Edit: the form takes the template, and saving changes it rather than adding one.
    one(&root, ".pledge-template .button.secondary").click();
    until(|| value(&root, "#title") == "2026年度党员承诺践诺").await;
    assert_eq!(value(&root, "#kind"), "commitment");
    assert!(
        one(&root, "#template-form-heading")
            .text_content()
            .unwrap()
            .contains("修改")
    );
    type_into(&root, "#title", "2026年度承诺践诺（修订）");
    save(&root);
    until(|| listed(&root).contains("（修订）")).await;
    assert_eq!(
        root.query_selector_all(".pledge-template")
            .unwrap()
            .length(),
        1
    );
    assert_eq!(engine.view.with_untracked(Vec::len), 1);

    // Delete asks once more, then the template is gone.
    one(&root, ".pledge-template .button.danger").click();
    let confirm = root
        .query_selector_all(".pledge-template .button.danger")
        .unwrap()
        .item(1)
        .unwrap()
        .unchecked_into::<HtmlElement>();
    until(|| !confirm.has_attribute("hidden")).await;
    assert!(confirm.text_content().unwrap().contains("确认删除"));
    confirm.click();
    until(|| root.query_selector(".pledge-template").unwrap().is_none()).await;

    unmount(root, engine, handle, &me).await;
}

#[wasm_bindgen_test]
async fn the_overview_lists_each_member_by_name_with_signing_and_follow_through() {
    let me = secretary();
    let (commitment, integrity) = (Uuid::now_v7(), Uuid::now_v7());
    let signed_at = NaiveDate::from_ymd_opt(2026, 3, 1)
        .unwrap()
        .and_hms_opt(4, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    let unsigned = |template_id| MemberPledgeStatus {
        template_id,
        pledge_id: None,
        signed_at: None,
        received_at: None,
        versions: 0,
        items: 0,
        follow: StatusCounts::default(),
    };
    fake_get(
        "/api/v1/branch/pledges",
        &BranchPledges {
            year: 2026,
            templates: vec![
                TemplateListed {
                    id: commitment,
                    kind: PledgeKind::Commitment,
                    title: "2026年度党员承诺践诺".into(),
                },
                TemplateListed {
                    id: integrity,
                    kind: PledgeKind::Integrity,
                    title: "2026年度廉政承诺书".into(),
                },
            ],
            members: vec![
                MemberPledges {
                    member: MemberId::new(),
                    name: "李秀英".into(),
                    pledges: vec![unsigned(commitment), unsigned(integrity)],
                },
                MemberPledges {
                    member: MemberId::new(),
                    name: "王建国".into(),
                    pledges: vec![
                        MemberPledgeStatus {
                            template_id: commitment,
                            pledge_id: Some(Uuid::now_v7()),
                            signed_at: Some(signed_at),
                            received_at: Some(signed_at + 60_000),
                            versions: 2,
                            items: 2,
                            follow: StatusCounts {
                                in_progress: 1,
                                done: 1,
                                not_done: 0,
                            },
                        },
                        unsigned(integrity),
                    ],
                },
            ],
        },
    );
    let (root, engine, handle) = mount(&me).await;
    until(|| root.query_selector(".member-pledge").unwrap().is_some()).await;

    let summary = one(&root, "[data-testid=pledge-summary]")
        .text_content()
        .unwrap();
    assert!(summary.contains("已签署 1 / 2 人"), "{summary}");
    assert!(summary.contains("已签署 0 / 2 人"), "{summary}");
    let cards = root.query_selector_all(".member-pledge").unwrap();
    assert_eq!(cards.length(), 2);
    let card = |i| cards.item(i).unwrap().text_content().unwrap();
    // In the server's order (by name), never re-ranked.
    assert!(card(0).starts_with("李秀英"), "{}", card(0));
    assert_eq!(card(0).matches("尚未签署").count(), 2);
    let wang = card(1);
    assert!(wang.starts_with("王建国"), "{wang}");
    assert!(wang.contains("已签署 2026年3月1日"), "{wang}");
    assert!(wang.contains("已修订"), "{wang}");
    assert!(
        wang.contains("承诺 2 项 · 进行中 1 · 已完成 1 · 未完成 0"),
        "{wang}"
    );
    assert!(wang.contains("尚未签署"), "{wang}");
    assert!(!shown(&root, "[data-testid=overview-offline]"));

    unmount(root, engine, handle, &me).await;
}

#[wasm_bindgen_test]
async fn a_plain_member_is_told_the_page_is_the_managers() {
    let me = Me {
        login: "wangjianguo".into(),
        display_name: "王建国".into(),
        role: Role::Member,
        ..secretary()
    };
    offline();
    let (root, engine, handle) = mount(&me).await;
    until(|| {
        root.text_content()
            .unwrap_or_default()
            .contains("供支部书记和支委")
    })
    .await;
    assert!(root.query_selector("form").unwrap().is_none());
    unmount(root, engine, handle, &me).await;
}
