//! Who gets the secretary's activity pages, in a real browser (headless Chromium): a plain
//! member who opens "new event", "edit" or the attendance sheet reads that only the
//! secretary and committee can, with no form, and the events page offers them neither
//! "新建活动" nor the 党小组 card; the secretary gets the form, whose party-group audience
//! offers the groups members are in (from the roster, here a stand-in `window.fetch`);
//! moving a held event that has minutes to a later date asks to remove the minutes.
#![cfg(target_arch = "wasm32")]

use common::{error_of, fake_get, mount_as, one, restore_fetch, type_into, until};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use zhibu::app::RoutedPage;
use zhibu::router::Router;
use zhibu::sync::SyncEngine;
use zhibu_model::account::RosterMember;
use zhibu_model::event::{EVENT_KINDS, EventInput, event_kind_str};
use zhibu_model::sync::{Change, RecordKind};
use zhibu_model::{BranchId, Me, MemberId, Role, Uuid};

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn member(name: &str, role: Role) -> Me {
    Me {
        id: MemberId::new(),
        login: name.into(),
        display_name: name.into(),
        role,
        branch_id: Some(BranchId::new()),
        branch_name: Some("综合办公室党支部".into()),
        joined_party_on: None,
    }
}

fn on_roster(me: &Me, group: Option<&str>) -> RosterMember {
    RosterMember {
        id: me.id,
        display_name: me.display_name.clone(),
        role: me.role,
        party_group: group.map(Into::into),
    }
}

/// Mounts the activity pages as `me`, at `path`, with the sync engine started.
async fn open(me: &Me, path: &str) -> (HtmlElement, Box<dyn std::any::Any>, SyncEngine) {
    let (root, engine, handle) = mount_as(me, path, || {
        view! {
            <Router>
                <RoutedPage />
            </Router>
        }
    })
    .await;
    (root, handle, engine)
}

async fn close(me: &Me, root: HtmlElement, handle: Box<dyn std::any::Any>, engine: SyncEngine) {
    // The engine's signals belong to the mounted app: stop it before unmounting.
    let _ = engine.stop_and_forget_if_empty().await;
    drop(handle);
    root.remove();
    let _ = zhibu::sync::store::LocalStore::forget(me.id).await;
}

fn has(root: &Element, selector: &str) -> bool {
    root.query_selector(selector).unwrap().is_some()
}

#[wasm_bindgen_test]
async fn a_member_gets_a_plain_message_instead_of_the_secretarys_pages() {
    let wang = member("王建国", Role::Member);
    fake_get(
        "/api/v1/branch/roster",
        &[on_roster(&wang, Some("第一党小组"))],
    );
    let event = Uuid::now_v7();
    for path in [
        "/events/new".to_owned(),
        format!("/events/{event}/edit"),
        format!("/events/{event}/attendance"),
    ] {
        let (root, handle, engine) = open(&wang, &path).await;
        until(|| has(&root, "[data-testid=managers-only]")).await;
        let text = root.text_content().unwrap_or_default();
        assert!(
            text.contains("只有支部书记和支委可以新建、修改活动和登记考勤"),
            "{path}: {text}"
        );
        assert!(!has(&root, "form"), "{path}: no form");
        close(&wang, root, handle, engine).await;
    }

    let (root, handle, engine) = open(&wang, "/events").await;
    until(|| has(&root, "[data-testid=agenda]")).await;
    assert!(!has(&root, "a[href='/events/new']"), "no 新建活动");
    assert!(!has(&root, "[data-testid=party-groups]"));
    close(&wang, root, handle, engine).await;
    restore_fetch();
}

#[wasm_bindgen_test]
async fn the_secretary_gets_the_form_and_groups_to_pick_from() {
    let lin = member("林晓岚", Role::Secretary);
    let wang = member("王建国", Role::Member);
    let li = member("李秀英", Role::Member);
    fake_get(
        "/api/v1/branch/roster",
        &[
            on_roster(&lin, None),
            on_roster(&wang, Some("第二党小组")),
            on_roster(&li, Some("第一党小组")),
        ],
    );
    let (root, handle, engine) = open(&lin, "/events/new").await;
    until(|| has(&root, "#group option[value='第一党小组']")).await;
    assert!(!has(&root, "[data-testid=managers-only]"));
    let options: Vec<String> = {
        let list = root.query_selector_all("#group option").unwrap();
        (0..list.length())
            .map(|i| {
                list.item(i)
                    .unwrap()
                    .unchecked_into::<Element>()
                    .get_attribute("value")
                    .unwrap_or_default()
            })
            .collect()
    };
    assert_eq!(options, ["", "第一党小组", "第二党小组"]);
    close(&lin, root, handle, engine).await;

    // The calendar links to the settings; the groups are on the settings page.
    let (root, handle, engine) = open(&lin, "/events").await;
    until(|| has(&root, "a[href='/events/new']")).await;
    assert!(has(&root, "a[href='/events/settings']"));
    assert!(!has(&root, &format!("#party-group-{}", li.id)));
    close(&lin, root, handle, engine).await;

    let (root, handle, engine) = open(&lin, "/events/settings").await;
    until(|| has(&root, &format!("#party-group-{}", li.id))).await;
    let input: web_sys::HtmlInputElement = root
        .query_selector(&format!("#party-group-{}", li.id))
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(input.value(), "第一党小组");
    close(&lin, root, handle, engine).await;
    restore_fetch();
}

#[wasm_bindgen_test]
async fn moving_an_event_with_minutes_to_a_later_date_asks_to_remove_them() {
    let lin = member("林晓岚", Role::Secretary);
    fake_get("/api/v1/branch/roster", &[on_roster(&lin, None)]);
    let (root, handle, engine) = open(&lin, "/events").await;
    let id = Uuid::now_v7();
    let held = EventInput {
        kinds: vec![event_kind_str(EVENT_KINDS[0]).to_owned()],
        title: "支部委员会".into(),
        start: "2025-06-10T14:30".into(),
        end: "2025-06-10T16:30".into(),
        venue: "三楼会议室".into(),
        audience: "branch".into(),
        meeting_minutes: "讨论了下半年学习安排".into(),
        ..EventInput::default()
    };
    engine
        .save(RecordKind::Event, id, Change::EventPut(held))
        .await
        .unwrap();
    // The change waits to be sent (no connection here), so the phone's store is kept.
    assert!(engine.stop_and_forget_if_empty().await);
    drop(handle);
    root.remove();

    let (root, handle, engine) = open(&lin, &format!("/events/{id}/edit")).await;
    until(|| {
        root.query_selector("#title").unwrap().is_some_and(|t| {
            t.unchecked_into::<web_sys::HtmlInputElement>().value() == "支部委员会"
        })
    })
    .await;
    let clear = one(&root, "#meeting_minutes");
    assert!(
        !clear
            .closest(".field")
            .unwrap()
            .unwrap()
            .has_attribute("hidden")
    );
    type_into(&root, "#start", "2027-03-10T14:30");
    type_into(&root, "#end", "2027-03-10T16:30");
    one(&root, "button[type=submit]").click();
    until(|| error_of(&root, "meeting_minutes").is_some()).await;
    assert_eq!(
        error_of(&root, "meeting_minutes").unwrap(),
        "活动开始后才能填写会议记录"
    );
    let minutes_of = || zhibu::event_records::event(engine, id).map(|e| e.data.meeting_minutes);
    assert_eq!(minutes_of().unwrap(), "讨论了下半年学习安排");

    clear.click();
    one(&root, "button[type=submit]").click();
    until(|| minutes_of().is_some_and(|m| m.is_empty())).await;
    let moved = zhibu::event_records::event(engine, id).unwrap();
    assert_eq!(moved.data.local_start().to_string(), "2027-03-10 14:30:00");
    close(&lin, root, handle, engine).await;
    restore_fetch();
}
