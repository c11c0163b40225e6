//! Signing a pledge in a real browser (headless Chromium), with no server (changes stay
//! waiting on the phone): without a signature, and then without a commitment, the form
//! names the field and keeps what was typed; drawn with synthetic pointer events and
//! signed, the version is saved signed, with the hash of exactly the text shown.
#![cfg(target_arch = "wasm32")]

use common::{error_of, fill, offline, one, pointer, restore_fetch, until, window};
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;
use zhibu::app::RoutedPage;
use zhibu::router::Router;
use zhibu::sync::SyncEngine;
use zhibu_model::pledge::{PledgeTemplateInput, canonical_field};
use zhibu_model::sync::{Change, RecordKind};
use zhibu_model::{Lang, MemberId, Uuid};

mod common;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_pledge_is_signed_on_the_phone_with_the_hash_of_its_text() {
    // Offline: every request fails like a lost connection.
    offline();
    let me = MemberId::new();
    let document = window().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let template_id = Uuid::now_v7();
    let template = PledgeTemplateInput {
        kind: "commitment".into(),
        year: 2026,
        title: "2026年度党员承诺践诺".into(),
        body: "我志愿做到：\n  立足岗位作表率。".into(),
    };
    window()
        .history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("/pledges/sign?template={template_id}")),
        )
        .unwrap();
    let engine = RwSignal::new(None::<SyncEngine>);
    let handle = mount_to(root.clone(), move || {
        let i18n = zhibu::i18n::provide_i18n();
        i18n.set(Lang::ZhCn);
        zhibu::session::provide_session(i18n);
        let sync = SyncEngine::new();
        provide_context(sync);
        engine.set(Some(sync));
        view! {
            <Router>
                <RoutedPage />
            </Router>
        }
    });
    // The template arrives once the store is open, as after a first sync.
    let sync = engine.get_untracked().unwrap();
    sync.start(me, Lang::ZhCn).await.unwrap();
    sync.save(
        RecordKind::PledgeTemplate,
        template_id,
        Change::PledgeTemplatePut(template.clone()),
    )
    .await
    .unwrap();
    until(|| {
        root.query_selector("canvas.signature-canvas")
            .unwrap()
            .is_some()
    })
    .await;
    assert_eq!(
        one(&root, "#pledge-title").text_content().unwrap(),
        template.title
    );
    let submit = one(&root, "button[type=submit]");

    // No signature yet.
    let item = one(&root, ".item-text");
    fill(&item, "每月走访群众一次");
    let typing_key = format!("zhibu.pledge.typing..{template_id}.new");
    let storage = window().local_storage().unwrap().unwrap();
    until(|| storage.get_item(&typing_key).unwrap().as_deref() == Some(r#"["每月走访群众一次"]"#))
        .await;
    submit.click();
    until(|| error_of(&root, "signature").is_some()).await;
    assert_eq!(error_of(&root, "signature").unwrap(), "请在签名区手写签名");
    assert!(
        sync.view.with_untracked(|v| v.len() == 1),
        "only the template"
    );

    // Signed, but the only commitment is emptied: the items are named.
    let canvas = one(&root, "canvas.signature-canvas");
    pointer(&canvas, "pointerdown", 5, "mouse", 20.0, 100.0);
    for (x, y) in [(60.0, 40.0), (120.0, 110.0), (180.0, 50.0), (240.0, 90.0)] {
        pointer(&canvas, "pointermove", 5, "mouse", x, y);
    }
    pointer(&canvas, "pointerup", 5, "mouse", 240.0, 90.0);
    fill(&item, " ");
    submit.click();
    until(|| error_of(&root, "items").is_some()).await;
    assert_eq!(error_of(&root, "items").unwrap(), "请填写承诺事项");
    assert_eq!(error_of(&root, "signature"), None);

    // A second commitment; both are signed, in order, and the hash is the text's.
    fill(&item, "每月走访群众一次");
    root.query_selector_all(".pledge-items > button")
        .unwrap()
        .item(0)
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    until(|| root.query_selector_all(".item-text").unwrap().length() == 2).await;
    let second: HtmlElement = root
        .query_selector_all(".item-text")
        .unwrap()
        .item(1)
        .unwrap()
        .unchecked_into();
    fill(&second, "全年读书四本");
    submit.click();
    // On to the signed version's own page, which shows the hash it was signed with.
    until(|| {
        root.query_selector("[data-testid=pledge-hash]")
            .unwrap()
            .is_some()
    })
    .await;
    let path = window().location().pathname().unwrap();
    assert!(path.starts_with("/pledges/"), "{path}");

    let typing_key = format!("zhibu.pledge.typing..{template_id}.new");
    let storage = window().local_storage().unwrap().unwrap();
    assert_eq!(
        storage.get_item(&typing_key).unwrap(),
        None,
        "saved: forgotten"
    );

    let row = sync
        .view
        .get_untracked()
        .into_iter()
        .find(|r| r.kind == RecordKind::Pledge)
        .expect("the signed version");
    assert!(row.pending);
    let p = zhibu::records::PLEDGE.read(&row).expect("a pledge");
    assert_eq!(p.template_id, template_id);
    assert_eq!(p.text.items, ["每月走访群众一次", "全年读书四本"]);
    assert_eq!(p.text.body, canonical_field(&template.body));
    let signed = p.signed.as_ref().expect("signed");
    assert_eq!(signed.hash, p.text.hash());
    assert!(signed.signature.strokes[0].len() >= 5);
    assert!(p.verify());

    restore_fetch();
    // The store keeps its waiting change (a fresh member each run): it is not forgotten.
    drop(handle);
}
