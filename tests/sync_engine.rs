//! The sync engine in a real browser, with no server to take its operations (the test
//! runner's server answers /api with an error): every change is kept, shown at once as
//! waiting, survives a new engine (a reload), and edits of one record queue in order.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use zhibu::sync::SyncEngine;
use zhibu::sync::outbox::Base;
use zhibu::sync::store::LocalStore;
use zhibu_model::study::StudyInput;
use zhibu_model::sync::{Change, RecordKind};
use zhibu_model::{Lang, MemberId, Uuid};

wasm_bindgen_test_configure!(run_in_browser);

fn input(topic: &str) -> StudyInput {
    StudyInput {
        date: "2026-11-27".into(),
        minutes: 90,
        form: "group_study".into(),
        topic: topic.into(),
        ..Default::default()
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn topic_of(engine: SyncEngine, id: Uuid) -> Option<(String, bool)> {
    engine.view.with_untracked(|v| {
        v.iter()
            .find(|r| r.id == id)
            .and_then(|r| Some((zhibu::records::STUDY.read(r)?.topic, r.pending)))
    })
}

#[wasm_bindgen_test]
async fn changes_wait_safely_until_a_server_takes_them() {
    // What mounting the app does: an executor for spawned tasks and a reactive owner.
    let host = document().create_element("div").unwrap();
    leptos::mount::mount_to(host.unchecked_into(), || ()).forget();
    let owner = Owner::new();
    owner.set();
    let member = MemberId::new();
    let engine = SyncEngine::new();
    engine.start(member, Lang::ZhCn).await.unwrap();

    let id = Uuid::now_v7();
    engine
        .save(RecordKind::Study, id, Change::StudyPut(input("第一稿")))
        .await
        .unwrap();
    assert_eq!(
        topic_of(engine, id),
        Some(("第一稿".into(), true)),
        "shown at once, as waiting"
    );
    engine
        .save(RecordKind::Study, id, Change::StudyPut(input("第二稿")))
        .await
        .unwrap();
    assert_eq!(
        topic_of(engine, id),
        Some(("第二稿".into(), true)),
        "the latest edit shows"
    );
    assert_eq!(engine.status.get_untracked().waiting, 2);

    // The engine tries to send, gets no usable answer, and keeps everything.
    sleep(300).await;
    let status = engine.status.get_untracked();
    assert!(!status.syncing || status.waiting == 2);
    assert_eq!(status.waiting, 2);

    // A reload: a new engine on the same member's store shows the same.
    let reopened = SyncEngine::new();
    reopened.start(member, Lang::ZhCn).await.unwrap();
    assert_eq!(topic_of(reopened, id), Some(("第二稿".into(), true)));
    let store = LocalStore::open(member).await.unwrap();
    let queued = store.outbox().await.unwrap();
    assert_eq!(queued.len(), 2);
    assert_eq!(queued[0].1.base, Base::New);
    assert_eq!(
        queued[1].1.base,
        Base::AfterPrevious,
        "an edit waits for the answer to the first"
    );
    assert!(queued[0].1.attempts >= 1, "the engine did try to send");
    store.close();

    // Logging out with changes waiting keeps them for the next login.
    assert!(engine.stop_and_forget_if_empty().await);
    assert!(reopened.stop_and_forget_if_empty().await);
    let again = LocalStore::open(member).await.unwrap();
    assert_eq!(again.outbox().await.unwrap().len(), 2);
    again.close();
    LocalStore::forget(member).await.unwrap();
}
