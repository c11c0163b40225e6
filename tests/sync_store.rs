//! The local store in a real browser's IndexedDB: what is saved survives reopening, an
//! answer moves a change from the outbox to the rows in one step, and members' stores
//! are separate.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use zhibu::sync::outbox::{self, Base, PendingOp};
use zhibu::sync::store::LocalStore;
use zhibu::sync::wire::{Outcome, Raw, RawChange, Row, Status};
use zhibu_model::study::StudyInput;
use zhibu_model::sync::{Change, RecordData, RecordKind};
use zhibu_model::{MemberId, Uuid};

wasm_bindgen_test_configure!(run_in_browser);

fn input(topic: &str) -> StudyInput {
    StudyInput {
        date: "2026-11-27".into(),
        minutes: 45,
        form: "self_study".into(),
        topic: topic.into(),
        ..Default::default()
    }
}

fn put(topic: &str) -> RawChange {
    RawChange::of(&Change::StudyPut(input(topic)))
}

fn applied(p: &PendingOp, revision: i64, owner: MemberId) -> Outcome {
    let i: StudyInput = p.op.record.as_ref().unwrap().decode().unwrap();
    let data = i
        .parse("2026-11-28".parse().unwrap())
        .ok()
        .map(|r| Raw::of(&RecordData::Study(r)));
    Outcome {
        op_id: Some(p.op.op_id),
        status: Status::Applied,
        row: Some(Row {
            kind: RecordKind::Study,
            id: p.op.record_id,
            revision,
            owner: owner.0,
            deleted: false,
            data,
        }),
        replaced: None,
        error: None,
        first: None,
    }
}

#[wasm_bindgen_test]
async fn an_enqueued_change_survives_reopening_and_settles_atomically() {
    let member = MemberId::new();
    let store = LocalStore::open(member).await.unwrap();
    let record = Uuid::now_v7();
    let first = PendingOp::new(record, put("first"), None, false);
    let second = PendingOp::new(record, put("second"), None, true);
    let s1 = store.enqueue(&first).await.unwrap();
    let s2 = store.enqueue(&second).await.unwrap();
    assert!(s2 > s1);
    store.close();

    // A reload: everything typed is still there, in order.
    let store = LocalStore::open(member).await.unwrap();
    let queued = store.outbox().await.unwrap();
    assert_eq!(
        queued.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        vec![s1, s2]
    );
    assert_eq!(queued[1].1.base, Base::AfterPrevious);

    let settled = outbox::settle(&queued, s1, &applied(&first, 7, member));
    store.apply_settled(&settled).await.unwrap();
    let queued = store.outbox().await.unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].1.base, Base::Known(7));
    let rows = store.rows().await.unwrap();
    assert_eq!((rows.len(), rows[0].revision), (1, 7));

    // A pull that brings an older version of the same row does not roll it back.
    let mut old = rows[0].clone();
    old.revision = 3;
    store.apply_pull(&[old], 9, 0, &rows).await.unwrap();
    assert_eq!(store.rows().await.unwrap()[0].revision, 7);
    assert_eq!(store.cursor().await.unwrap(), 9);

    store.close();
    LocalStore::forget(member).await.unwrap();
}

#[wasm_bindgen_test]
async fn starting_over_drops_the_rows_and_keeps_the_outbox() {
    let member = MemberId::new();
    let store = LocalStore::open(member).await.unwrap();
    assert_eq!(store.scope().await.unwrap(), None);
    let sent = PendingOp::new(Uuid::now_v7(), put("sent"), None, false);
    let seq = store.enqueue(&sent).await.unwrap();
    let queued = store.outbox().await.unwrap();
    store
        .apply_settled(&outbox::settle(&queued, seq, &applied(&sent, 4, member)))
        .await
        .unwrap();
    let waiting = PendingOp::new(Uuid::now_v7(), put("waiting"), None, false);
    store.enqueue(&waiting).await.unwrap();
    store
        .apply_pull(&[], 12, 2, &store.rows().await.unwrap())
        .await
        .unwrap();
    assert_eq!(store.scope().await.unwrap(), Some(2));

    // The member was transferred: the server's version is 3 now.
    store.start_over(3).await.unwrap();
    assert!(store.rows().await.unwrap().is_empty());
    assert_eq!(store.cursor().await.unwrap(), 0);
    assert_eq!(store.scope().await.unwrap(), Some(3));
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1, "never the outbox");
    assert_eq!(outbox[0].1.op.op_id, waiting.op.op_id);

    store.close();
    LocalStore::forget(member).await.unwrap();
}

#[wasm_bindgen_test]
async fn each_member_has_a_separate_store() {
    let (a, b) = (MemberId::new(), MemberId::new());
    let store_a = LocalStore::open(a).await.unwrap();
    store_a
        .enqueue(&PendingOp::new(Uuid::now_v7(), put("a's"), None, false))
        .await
        .unwrap();
    let store_b = LocalStore::open(b).await.unwrap();
    assert!(store_b.outbox().await.unwrap().is_empty());
    assert_eq!(store_a.outbox().await.unwrap().len(), 1);
    store_a.close();
    store_b.close();
    LocalStore::forget(a).await.unwrap();
    LocalStore::forget(b).await.unwrap();
}
