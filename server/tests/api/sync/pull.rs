//! Pull: rows above the cursor, in revision order, tombstones included, every row once.

use super::*;
use std::collections::HashMap;

#[tokio::test]
async fn a_delete_reaches_other_devices_as_a_tombstone() {
    let app = spawn().await;
    let phone = session(&app, "lixiuying").await;
    let tablet = session(&app, "lixiuying").await;
    let record = id();
    let row = push_applied(&app, &phone, study_put(record, None, "要删的", 45)).await;
    let seen = pull_page(&app, &tablet, 0, None).await;
    assert_eq!(seen.rows, vec![row.clone()]);

    let gone = push_applied(
        &app,
        &phone,
        delete("study_delete", record, Some(row.revision)),
    )
    .await;
    let since = pull_page(&app, &tablet, seen.cursor, None).await;
    assert_eq!(since.rows.len(), 1);
    let tomb = &since.rows[0];
    assert_eq!(
        (tomb.id, tomb.deleted, tomb.data.is_none()),
        (record, true, true)
    );
    assert_eq!(tomb.revision, gone.revision);
    assert_eq!(since.cursor, gone.revision);
    // Nothing new: the same cursor comes back, with no rows.
    let idle = pull_page(&app, &tablet, since.cursor, None).await;
    assert!(idle.rows.is_empty() && !idle.more);
    assert_eq!(idle.cursor, since.cursor);
}

#[tokio::test]
async fn pages_follow_the_cursor_and_return_every_row_once() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    let lin = session(&app, "linxiaolan").await;
    let li = session(&app, "lixiuying").await;
    // Wang's own rows and the branch's plan, interleaved with Li's rows he must not see.
    let mut expected: HashMap<Uuid, i64> = HashMap::new();
    let mut wangs = Vec::new();
    for round in 0..7 {
        let ops: Vec<Value> = (0..5)
            .map(|i| study_put(id(), None, &format!("{round}-{i}"), 45))
            .collect();
        for r in push(&app, &wang, &ops).await {
            if let OpOutcome::Applied { row } = r.outcome {
                expected.insert(row.id, row.revision);
                wangs.push(row.id);
            }
        }
        push(&app, &li, &[study_put(id(), None, "李的", 45)]).await;
        let item = id();
        let row = push_applied(
            &app,
            &lin,
            plan_item_put(item, None, &format!("计划{round}")),
        )
        .await;
        expected.insert(item, row.revision);
    }
    // A delete moves a row to the end; it must then come once, at its new revision.
    let moved = wangs[0];
    let row = push_applied(
        &app,
        &wang,
        delete("study_delete", moved, Some(expected[&moved])),
    )
    .await;
    expected.insert(moved, row.revision);
    assert_eq!(expected.len(), 42);

    for limit in [1, 4, 7, 41, 42, 500] {
        let mut since = 0;
        let mut seen: HashMap<Uuid, i64> = HashMap::new();
        let mut pages = 0;
        loop {
            let page = pull_page(&app, &wang, since, Some(limit)).await;
            pages += 1;
            assert!(page.rows.len() <= limit);
            assert!(page.rows.windows(2).all(|w| w[0].revision < w[1].revision));
            for row in &page.rows {
                assert!(row.revision > since);
                assert!(
                    seen.insert(row.id, row.revision).is_none(),
                    "row {} twice",
                    row.id
                );
            }
            if page.more {
                assert_eq!(page.rows.len(), limit, "a page before the last is full");
            }
            since = page.cursor;
            if !page.more {
                break;
            }
        }
        assert_eq!(seen, expected, "limit {limit}");
        assert_eq!(pages, 42usize.div_ceil(limit).max(1), "limit {limit}");
    }
}

#[tokio::test]
async fn odd_cursors_and_limits_are_tolerated() {
    let app = spawn().await;
    let wang = session(&app, "wangjianguo").await;
    push_applied(&app, &wang, study_put(id(), None, "一条", 45)).await;
    // A negative cursor is read as 0; a zero limit as 1; a huge one as the page size.
    let page = pull_page(&app, &wang, -5, Some(0)).await;
    assert_eq!(page.rows.len(), 1);
    let page = pull_page(&app, &wang, 0, Some(1_000_000)).await;
    assert_eq!((page.rows.len(), page.more), (1, false));
    let page = pull_page(&app, &wang, 1_000_000, None).await;
    assert!(page.rows.is_empty() && !page.more);
    let response = wang
        .client
        .get(app.url("/api/v1/sync/pull?since=abc"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

/// A pull page is most of what a phone downloads after its first login: compressed when
/// the browser accepts it and it is longer than one TCP segment; short answers are not.
#[tokio::test]
async fn long_answers_are_compressed_and_short_ones_not() {
    let app = spawn().await;
    let phone = session(&app, "lixiuying").await;
    let ops: Vec<Value> = (0..20)
        .map(|i| {
            study_put(
                id(),
                None,
                &format!("学习党章第{i}章：党员的义务和权利"),
                45,
            )
        })
        .collect();
    push(&app, &phone, &ops).await;

    let get = |path: &str, accept: &'static str| {
        phone
            .client
            .get(app.url(path))
            .header("accept-encoding", accept)
            .send()
    };
    let plain = get("/api/v1/sync/pull?since=0", "identity").await.unwrap();
    assert_eq!(plain.headers().get("content-encoding"), None);
    let plain = plain.bytes().await.unwrap();
    assert!(plain.len() > 1400, "{} B", plain.len());

    for (accept, encoding) in [("gzip, deflate, br", "br"), ("gzip", "gzip")] {
        let r = get("/api/v1/sync/pull?since=0", accept).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-encoding"], encoding);
        assert!(
            r.headers()["vary"]
                .to_str()
                .unwrap()
                .contains("accept-encoding")
        );
        let sent = r.bytes().await.unwrap();
        assert!(sent.len() < plain.len() / 2, "{encoding}: {} B", sent.len());
        let mut body = Vec::new();
        if encoding == "br" {
            brotli::BrotliDecompress(&mut &sent[..], &mut body).unwrap();
        } else {
            use std::io::Read;
            flate2::read::GzDecoder::new(&sent[..])
                .read_to_end(&mut body)
                .unwrap();
        }
        assert_eq!(body, plain);
    }

    let me = get("/api/v1/me", "br").await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(me.headers().get("content-encoding"), None);
}
