//! The pages' typed views of pledge records, read from the sync engine in a real browser
//! with no server (changes stay waiting on the phone): templates newest year first, 践诺
//! entries oldest first, and each entry marked as waiting.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use zhibu::records::{pledge_progress, pledge_templates, pledges};
use zhibu::sync::SyncEngine;
use zhibu_model::pledge::{PledgeProgressInput, PledgeTemplateInput};
use zhibu_model::sync::{Change, RecordKind};
use zhibu_model::{Lang, MemberId, Uuid};

wasm_bindgen_test_configure!(run_in_browser);

fn template(year: i64, title: &str) -> PledgeTemplateInput {
    PledgeTemplateInput {
        kind: "commitment".into(),
        year,
        title: title.into(),
        body: "立足岗位作表率，服务群众当先锋。".into(),
    }
}

fn progress(pledge_id: Uuid, date: &str, done: &str) -> PledgeProgressInput {
    PledgeProgressInput {
        pledge_id: Some(pledge_id),
        item: 1,
        date: date.into(),
        done: done.into(),
        status: "in_progress".into(),
        reason: String::new(),
    }
}

#[wasm_bindgen_test]
async fn pledge_records_are_read_in_the_pages_order() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    leptos::mount::mount_to(host.unchecked_into(), || ()).forget();
    let owner = Owner::new();
    owner.set();
    let engine = SyncEngine::new();
    engine.start(MemberId::new(), Lang::ZhCn).await.unwrap();

    let (old, new_b, new_a) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    for (id, input) in [
        (old, template(2025, "2025年党员承诺")),
        (new_b, template(2026, "党员承诺践诺（二）")),
        (new_a, template(2026, "党员承诺践诺（一）")),
    ] {
        engine
            .save(
                RecordKind::PledgeTemplate,
                id,
                Change::PledgeTemplatePut(input),
            )
            .await
            .unwrap();
    }
    let pledge_id = Uuid::now_v7();
    let (later, earlier) = (Uuid::now_v7(), Uuid::now_v7());
    for (id, input) in [
        (later, progress(pledge_id, "2026-11-20", "组织学习两次")),
        (earlier, progress(pledge_id, "2026-03-02", "结对帮扶一户")),
    ] {
        engine
            .save(
                RecordKind::PledgeProgress,
                id,
                Change::PledgeProgressPut(input),
            )
            .await
            .unwrap();
    }

    let templates = pledge_templates(engine);
    let order: Vec<Uuid> = templates.iter().map(|t| t.id).collect();
    assert_eq!(order, vec![new_a, new_b, old]);
    assert!(templates.iter().all(|t| t.pending && t.refused.is_none()));
    assert_eq!(templates[2].data.year, 2025);

    let entries = pledge_progress(engine);
    let order: Vec<Uuid> = entries.iter().map(|e| e.id).collect();
    assert_eq!(order, vec![earlier, later]);
    assert_eq!(entries[0].data.done, "结对帮扶一户");
    assert!(pledges(engine).is_empty());
}
