//! The talk form in a real browser (headless Chromium): counterparts come from the branch
//! roster (here a stand-in `window.fetch`), each bad field is named under that field with
//! nothing typed lost, and a good record is saved on the phone through the sync engine.
#![cfg(target_arch = "wasm32")]

use common::{error_of, fake_get, mount_as, one, restore_fetch, storage, type_into, until, value};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use zhibu::app::RoutedPage;
use zhibu::records::today;
use zhibu::router::Router;
use zhibu_model::account::RosterMember;
use zhibu_model::chrono::Days;
use zhibu_model::{BranchId, Me, MemberId, Role};

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn save(root: &Element) {
    let list = root.query_selector_all("button[type=submit]").unwrap();
    list.item(0)
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn each_bad_field_is_named_nothing_typed_is_lost_and_a_good_talk_is_saved() {
    storage().remove_item(zhibu::i18n::STORAGE_KEY).unwrap();
    let me = Me {
        id: MemberId::new(),
        login: "wangjianguo".into(),
        display_name: "王建国".into(),
        role: Role::Member,
        branch_id: Some(BranchId::new()),
        branch_name: Some("综合办公室党支部".into()),
        joined_party_on: None,
    };
    let li = RosterMember {
        id: MemberId::new(),
        display_name: "李秀英".into(),
        role: Role::Member,
        party_group: None,
    };
    let roster = vec![
        RosterMember {
            id: me.id,
            display_name: me.display_name.clone(),
            role: Role::Member,
            party_group: None,
        },
        li.clone(),
        RosterMember {
            id: MemberId::new(),
            display_name: "林晓岚".into(),
            role: Role::Secretary,
            party_group: None,
        },
    ];
    fake_get("/api/v1/branch/roster", &roster);
    let (root, engine, handle) = mount_as(&me, "/talks/new", || {
        view! {
            <Router>
                <RoutedPage />
            </Router>
        }
    })
    .await;

    // The roster, less the writer, to choose from.
    until(|| {
        root.query_selector(&format!("#with-{}", li.id))
            .unwrap()
            .is_some()
    })
    .await;
    assert!(
        root.query_selector(&format!("#with-{}", me.id))
            .unwrap()
            .is_none()
    );
    assert_eq!(value(&root, "#date"), today().to_string());

    // No counterpart.
    type_into(&root, "#topics", "谈近期思想和工作情况");
    save(&root);
    until(|| error_of(&root, "counterparts").is_some()).await;
    assert_eq!(error_of(&root, "counterparts").unwrap(), "请填写谈话对象");
    assert_eq!(value(&root, "#topics"), "谈近期思想和工作情况");

    // A date in the future.
    one(&root, &format!("#with-{}", li.id)).click();
    let ahead = today().checked_add_days(Days::new(3)).unwrap();
    type_into(&root, "#date", &ahead.to_string());
    save(&root);
    until(|| error_of(&root, "date").is_some()).await;
    assert_eq!(error_of(&root, "date").unwrap(), "日期不能晚于今天");
    assert_eq!(error_of(&root, "counterparts"), None);

    // Oversized text.
    type_into(&root, "#date", &today().to_string());
    type_into(&root, "#issues", &"问".repeat(5001));
    save(&root);
    until(|| error_of(&root, "issues").is_some()).await;
    assert_eq!(
        error_of(&root, "issues").unwrap(),
        "反映的问题不能超过 5000 个字符"
    );
    assert_eq!(value(&root, "#topics"), "谈近期思想和工作情况");
    assert!(
        engine.view.with_untracked(Vec::is_empty),
        "nothing saved yet"
    );

    // Good: saved on the phone, waiting to be sent (the stand-in server is unreachable).
    type_into(&root, "#issues", "希望多参加业务培训");
    type_into(&root, "#outside", "退休老同志 张某\n\n");
    save(&root);
    until(|| engine.view.with_untracked(|v| !v.is_empty())).await;
    let row = engine.view.get_untracked().remove(0);
    assert!(row.pending);
    let t = zhibu::records::TALK
        .read(&row)
        .unwrap_or_else(|| panic!("a talk: {row:?}"));
    assert_eq!(t.members, vec![li.id]);
    assert_eq!(t.outside, vec!["退休老同志 张某".to_owned()]);
    assert_eq!(t.issues, "希望多参加业务培训");
    assert_eq!(t.date, today());

    restore_fetch();
    // The engine's signals belong to the mounted app: stop it before unmounting.
    let _ = engine.stop_and_forget_if_empty().await;
    drop(handle);
    let _ = zhibu::sync::store::LocalStore::forget(me.id).await;
}
