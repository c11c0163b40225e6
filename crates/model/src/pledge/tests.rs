use super::test_vector::{KNOWN_HASH, known_text};
use super::*;
use chrono::NaiveDate;

fn template() -> PledgeTemplate {
    let t = known_text();
    PledgeTemplate {
        kind: t.kind,
        year: t.year,
        title: t.title,
        body: t.body,
    }
}

fn signature() -> Signature {
    Signature {
        width: 600,
        height: 200,
        strokes: vec![vec![[40, 120], [80, 60], [120, 130], [160, 70]]],
    }
}

fn draft() -> PledgeInput {
    let mut input = PledgeInput::from_template(Uuid::now_v7(), &template());
    input.items = known_text().items;
    input
}

const NOW: i64 = 1_795_000_000_000;

#[test]
fn templates_parse_with_field_errors() {
    let t = template().to_input().parse().unwrap();
    assert_eq!(t, template());
    type Spoil = fn(&mut PledgeTemplateInput);
    let cases: [(Spoil, &str, ErrorCode); 7] = [
        (|i| i.kind = String::new(), "kind", ErrorCode::Required),
        (
            |i| i.kind = "promise".into(),
            "kind",
            ErrorCode::InvalidFormat,
        ),
        (|i| i.year = 0, "year", ErrorCode::Required),
        (|i| i.year = 1999, "year", ErrorCode::OutOfRange),
        (|i| i.title = " \n ".into(), "title", ErrorCode::Required),
        (
            |i| i.title = "一\n二".into(),
            "title",
            ErrorCode::ControlCharacter,
        ),
        (|i| i.body = "字".repeat(10_001), "body", ErrorCode::TooLong),
    ];
    for (spoil, field, code) in cases {
        let mut i = template().to_input();
        spoil(&mut i);
        let e = i.parse().unwrap_err();
        assert_eq!((e.field.as_str(), e.code), (field, code), "{i:?}");
    }
}

#[test]
fn a_signed_draft_parses_to_a_signed_version_with_the_known_hash() {
    let mut input = draft();
    let unsigned = input.parse().unwrap();
    assert!(!unsigned.is_signed() && !unsigned.verify());
    input.sign(signature(), NOW).unwrap();
    assert_eq!(input.hash, KNOWN_HASH);
    let signed = input.parse().unwrap();
    assert!(signed.is_signed() && signed.verify());
    assert_eq!(signed.text, known_text());
    let s = signed.signed.as_ref().unwrap();
    assert_eq!((s.signed_at, s.received_at), (NOW, None));
    // Round trip through the wire.
    let json = serde_json::to_string(&signed).unwrap();
    assert_eq!(serde_json::from_str::<Pledge>(&json).unwrap(), signed);
    assert_eq!(signed.to_input().parse().unwrap(), signed);
}

#[test]
fn the_stored_text_is_canonical() {
    let mut input = draft();
    input.body = "我是中国共产党党员，  \r\n我承诺：\r\n\r\n".into();
    input.items[0] = " 每月参加主题党日\u{3000}".into();
    let p = input.parse().unwrap();
    assert_eq!(p.text, known_text());
}

#[test]
fn signing_refusals_name_their_field() {
    let signed = || {
        let mut i = draft();
        i.sign(signature(), NOW).unwrap();
        i
    };
    type Spoil = fn(&mut PledgeInput);
    let cases: [(Spoil, &str, ErrorCode); 9] = [
        (|i| i.template_id = None, "template_id", ErrorCode::Required),
        (
            |i| i.hash = "0".repeat(64),
            "hash",
            ErrorCode::InvalidFormat,
        ),
        (|i| i.items[1].push('！'), "hash", ErrorCode::InvalidFormat),
        (|i| i.hash.clear(), "hash", ErrorCode::Required),
        (
            |i| i.signature = Some(Signature::default()),
            "signature",
            ErrorCode::Required,
        ),
        (|i| i.signed_at = None, "signed_at", ErrorCode::Required),
        (|i| i.items.clear(), "items", ErrorCode::Required),
        (|i| i.items.push("  ".into()), "items", ErrorCode::Required),
        (
            |i| i.items = vec!["事".into(); 21],
            "items",
            ErrorCode::TooLarge,
        ),
    ];
    for (spoil, field, code) in cases {
        let mut i = signed();
        spoil(&mut i);
        let e = i.parse().unwrap_err();
        assert_eq!((e.field.as_str(), e.code), (field, code), "{i:?}");
    }
    // Only 承诺践诺 has items.
    let mut oath = draft();
    oath.kind = "oath".into();
    let e = oath.parse().unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.code),
        ("items", ErrorCode::InvalidFormat)
    );
    oath.items.clear();
    oath.sign(signature(), NOW).unwrap();
    assert!(oath.parse().unwrap().verify());
    // A draft that cannot be signed stays unsigned.
    let mut empty = draft();
    empty.items.clear();
    assert_eq!(empty.sign(signature(), NOW).unwrap_err().field, "items");
    assert!(empty.signature.is_none() && empty.hash.is_empty());
}

#[test]
fn an_amendment_starts_as_an_unsigned_copy_pointing_at_the_old_version() {
    let mut input = draft();
    input.sign(signature(), NOW).unwrap();
    let old = input.parse().unwrap();
    let old_id = Uuid::now_v7();
    let mut amendment = PledgeInput::amending(old_id, &old);
    assert_eq!(amendment.replaces, Some(old_id));
    assert!(amendment.signature.is_none() && amendment.hash.is_empty());
    amendment.items.push("帮扶一名困难群众".into());
    amendment.sign(signature(), NOW + 1).unwrap();
    let new = amendment.parse().unwrap();
    assert!(new.verify());
    assert_ne!(new.signed.unwrap().hash, old.signed.unwrap().hash);
}

#[test]
fn a_text_follows_its_template_only_when_unchanged() {
    let text = draft().text().unwrap();
    assert!(text.follows(&template()));
    let mut other = template();
    other.body.push_str("（修订）");
    assert!(!text.follows(&other));
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn entry(pledge: Uuid, item: i64, date: &str, status: &str, reason: &str) -> PledgeProgressInput {
    PledgeProgressInput {
        pledge_id: Some(pledge),
        item,
        date: date.into(),
        done: if status == "not_done" {
            String::new()
        } else {
            "参加了主题党日".into()
        },
        status: status.into(),
        reason: reason.into(),
    }
}

#[test]
fn progress_entries_parse_with_field_errors() {
    let p = Uuid::now_v7();
    let ok = entry(p, 1, "2026-11-20", "done", "")
        .parse(day(28))
        .unwrap();
    assert_eq!((ok.item, ok.status), (1, FollowStatus::Done));
    assert!(ok.reason.is_empty());
    assert_eq!(ok.to_input().parse(day(28)).unwrap(), ok);
    let not_done = entry(p, 0, "2026-11-20", "not_done", "出差未能参加")
        .parse(day(28))
        .unwrap();
    assert_eq!(not_done.reason, "出差未能参加");
    let cases = [
        (
            entry(p, 0, "2026-11-20", "not_done", " "),
            "not_done_reason",
            ErrorCode::Required,
        ),
        (
            entry(p, -1, "2026-11-20", "done", ""),
            "item",
            ErrorCode::OutOfRange,
        ),
        (
            entry(p, 20, "2026-11-20", "done", ""),
            "item",
            ErrorCode::OutOfRange,
        ),
        (
            entry(p, 0, "2026-12-20", "done", ""),
            "date",
            ErrorCode::InFuture,
        ),
        (
            entry(p, 0, "2026-11-20", "", ""),
            "status",
            ErrorCode::Required,
        ),
        (
            entry(p, 0, "2026-11-20", "kept", ""),
            "status",
            ErrorCode::InvalidFormat,
        ),
        (
            PledgeProgressInput {
                done: String::new(),
                ..entry(p, 0, "2026-11-20", "in_progress", "")
            },
            "done",
            ErrorCode::Required,
        ),
        (
            PledgeProgressInput {
                pledge_id: None,
                ..entry(p, 0, "2026-11-20", "done", "")
            },
            "pledge_id",
            ErrorCode::Required,
        ),
    ];
    for (input, field, code) in cases {
        let e = input.parse(day(28)).unwrap_err();
        assert_eq!((e.field.as_str(), e.code), (field, code), "{input:?}");
    }
    // A reason given with another status is not kept.
    let kept = entry(p, 0, "2026-11-20", "done", "无")
        .parse(day(28))
        .unwrap();
    assert!(kept.reason.is_empty());
    let text = known_text();
    assert!(ok.fits(&text));
    let beyond = entry(p, 2, "2026-11-20", "done", "")
        .parse(day(28))
        .unwrap();
    assert!(!beyond.fits(&text));
}

#[test]
fn the_year_summary_counts_per_status_per_item_and_keeps_the_latest() {
    let p = Uuid::now_v7();
    let other = Uuid::now_v7();
    let text = known_text();
    let entries: Vec<PledgeProgress> = [
        entry(p, 0, "2026-03-01", "in_progress", ""),
        entry(p, 0, "2026-06-01", "done", ""),
        entry(p, 0, "2026-04-01", "in_progress", ""),
        entry(p, 1, "2026-05-01", "in_progress", ""),
        entry(p, 1, "2026-11-01", "not_done", "脱产学习时间不足"),
        // Not this pledge's, or not one of its items: left out.
        entry(other, 0, "2026-07-01", "not_done", "别的"),
        entry(p, 5, "2026-07-01", "done", ""),
    ]
    .iter()
    .map(|i| i.parse(day(28)).unwrap())
    .collect();
    let s = year_summary(p, &text, &entries);
    assert_eq!(s.items.len(), 2);
    assert_eq!(s.items[0].text, text.items[0]);
    assert_eq!(
        s.items[0].counts,
        StatusCounts {
            in_progress: 2,
            done: 1,
            not_done: 0
        }
    );
    assert_eq!(s.items[0].latest, Some(FollowStatus::Done));
    assert_eq!(
        s.items[1].counts,
        StatusCounts {
            in_progress: 1,
            done: 0,
            not_done: 1
        }
    );
    assert_eq!(s.items[1].latest, Some(FollowStatus::NotDone));
    assert_eq!(s.totals.total(), 5);
    assert_eq!(s.totals.in_progress, 3);
    let none = year_summary(p, &text, &[]);
    assert!(
        none.items
            .iter()
            .all(|i| i.latest.is_none() && i.counts.total() == 0)
    );
}

#[test]
fn kinds_and_statuses_round_trip_with_labels() {
    for k in PledgeKind::ALL {
        assert_eq!(PledgeKind::parse(k.as_str()), Some(k));
        assert_ne!(k.label(Lang::ZhCn), k.label(Lang::En));
    }
    assert_eq!(PledgeKind::Commitment.label(Lang::ZhCn), "承诺践诺");
    for s in FollowStatus::ALL {
        assert_eq!(FollowStatus::parse(s.as_str()), Some(s));
    }
    assert_eq!(FollowStatus::NotDone.label(Lang::ZhCn), "未完成");
}

#[test]
fn the_current_version_is_the_latest_signed_one_not_amended() {
    let signed_at = |input: &PledgeInput, received: Option<i64>| {
        let mut p = input.parse().unwrap();
        if let Some(s) = p.signed.as_mut() {
            s.received_at = received;
        }
        p
    };
    let mut first = draft();
    first.sign(signature(), NOW).unwrap();
    let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let original = signed_at(&first, Some(NOW + 10));
    let unsigned = draft().parse().unwrap();
    assert_eq!(current_version([(a, &original), (c, &unsigned)]), Some(a));
    assert_eq!(current_version([(c, &unsigned)]), None);

    let mut amend = PledgeInput::amending(a, &original);
    amend.items.push("再加一项".into());
    amend.sign(signature(), NOW + 50).unwrap();
    // Received earlier than another version would be, but it amends `a`: it wins.
    let amendment = signed_at(&amend, Some(NOW + 60));
    assert_eq!(current_version([(a, &original), (b, &amendment)]), Some(b));
    // Waiting on the phone: still the current one there.
    let waiting = signed_at(&amend, None);
    assert_eq!(current_version([(b, &waiting), (a, &original)]), Some(b));
}

#[test]
fn entries_on_an_amended_version_count_on_the_same_commitment_of_the_new_one() {
    let t = Uuid::now_v7();
    let sign = |input: &mut PledgeInput| {
        input.sign(signature(), NOW).unwrap();
        input.parse().unwrap()
    };
    let mut first = PledgeInput::from_template(t, &template());
    first.items = vec!["走访群众".into(), "读书四本".into(), "带头志愿服务".into()];
    let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let v1 = sign(&mut first);
    // v2 drops 走访群众 and adds one; v3 reorders.
    let mut second = PledgeInput::amending(a, &v1);
    second.items = vec!["读书四本".into(), "带头志愿服务".into(), "结对帮扶".into()];
    let v2 = sign(&mut second);
    let mut third = PledgeInput::amending(b, &v2);
    third.items = vec!["结对帮扶".into(), "读书四本".into(), "带头志愿服务".into()];
    let v3 = sign(&mut third);
    let versions = [(a, &v1), (b, &v2), (c, &v3)];
    let e = |pledge, item: i64| {
        entry(pledge, item, "2026-11-20", "done", "")
            .parse(day(28))
            .unwrap()
    };
    let entries = [
        e(a, 0),
        e(a, 1),
        e(b, 1),
        e(b, 2),
        e(c, 0),
        e(Uuid::now_v7(), 0),
    ];
    let at = |i: usize| carried_item((c, &v3), &versions, &entries[i]);
    assert_eq!(at(0), None, "走访群众 was dropped");
    assert_eq!(at(1), Some(1), "读书四本");
    assert_eq!(at(2), Some(2), "带头志愿服务");
    assert_eq!(at(3), Some(0), "结对帮扶");
    assert_eq!(at(4), Some(0));
    assert_eq!(at(5), None, "another pledge");
    let carried = carried_entries((c, &v3), &versions, &entries);
    assert_eq!(carried.len(), 4);
    assert!(carried.iter().all(|x| x.pledge_id == c));
    let s = year_summary(c, &v3.text, &carried);
    assert_eq!(
        s.items.iter().map(|i| i.counts.done).collect::<Vec<_>>(),
        [2, 1, 1]
    );
    // From an older version's point of view, nothing newer counts.
    assert_eq!(carried_item((b, &v2), &versions, &entries[4]), None);
}
