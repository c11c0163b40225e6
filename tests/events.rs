//! The activities' widgets in a real browser (headless Chromium): the month grid marks
//! the days with events and 政治生日 and selects a day with one tap; the attendance sheet
//! lays this phone's marks over the server's sheet, one tap a member, with the totals.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use zhibu::components::attendance_table::{AttendanceTable, overlay};
use zhibu::components::month_grid::MonthGrid;
use zhibu_model::attendance::{
    Answer, AttendanceSheet, EventRsvp, Presence, Response, SheetLine, SheetView,
};
use zhibu_model::chrono::NaiveDate;
use zhibu_model::{MemberId, Uuid};

wasm_bindgen_test_configure!(run_in_browser);

fn root() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[wasm_bindgen_test]
async fn the_month_grid_marks_event_days_and_birthdays_and_selects_a_day() {
    let root = root();
    let selected = RwSignal::new(None::<NaiveDate>);
    let _handle = mount_to(root.clone(), move || {
        zhibu::i18n::provide_i18n();
        view! {
            <MonthGrid
                year=2026
                month=11
                events=vec![day("2026-11-05"), day("2026-11-20")]
                birthdays=vec![day("2026-11-20")]
                selected
                today=day("2026-11-28")
            />
        }
    });
    tick().await;
    let days = all(&root, ".cal-day");
    // November 2026 starts on a Sunday: 26 October to 6 December, six weeks.
    assert_eq!(days.len(), 42);
    assert_eq!(
        days[0].get_attribute("data-date").as_deref(),
        Some("2026-10-26")
    );
    let marked: Vec<_> = all(&root, ".cal-day.has-event")
        .iter()
        .map(|d| d.get_attribute("data-date").unwrap())
        .collect();
    assert_eq!(marked, ["2026-11-05", "2026-11-20"]);
    let birthday = all(&root, ".cal-day.has-birthday");
    assert_eq!(birthday.len(), 1);
    assert!(
        birthday[0]
            .get_attribute("aria-label")
            .unwrap()
            .contains("政治生日")
    );
    assert_eq!(all(&root, ".cal-day.today").len(), 1);
    assert_eq!(all(&root, ".cal-day.outside").len(), 12);

    birthday[0].unchecked_ref::<HtmlElement>().click();
    tick().await;
    assert_eq!(selected.get_untracked(), Some(day("2026-11-20")));
    assert_eq!(all(&root, ".cal-day[aria-pressed=true]").len(), 1);
}

fn line(name: &str, answer: Option<Answer>, checked_in: bool) -> SheetLine {
    SheetLine {
        member_id: answer.as_ref().map_or_else(MemberId::new, |a| a.member_id),
        display_name: name.into(),
        expected: true,
        answer,
        checked_in,
        presence: None,
    }
}

#[wasm_bindgen_test]
async fn the_sheet_takes_one_tap_a_member_and_counts_again() {
    let event = Uuid::now_v7();
    let on_leave = MemberId::new();
    let leave = Answer {
        member_id: on_leave,
        rsvp_id: Uuid::now_v7(),
        rsvp: EventRsvp {
            event_id: event,
            response: Response::Leave {
                reason: "出差".into(),
            },
        },
        leave_approved: Some(true),
    };
    let lines = vec![
        line("王建国", Some(leave), false),
        line("李秀英", None, false),
        line("张海峰", None, false),
    ];
    let unmarked = lines[1].member_id;
    let checked = lines[2].member_id;
    let server = SheetView {
        event_id: event,
        expected: 3,
        present: 0,
        on_leave: 0,
        absent: 0,
        unmarked: 3,
        lines,
    };
    // What the page does: the phone's sheet and accepted check-ins over the server's.
    let local = RwSignal::new(None::<AttendanceSheet>);
    let check_ins = RwSignal::new(Vec::<MemberId>::new());
    let shown =
        Signal::derive(move || local.with(|l| check_ins.with(|c| overlay(&server, l.as_ref(), c))));
    let on_mark = Callback::new(move |(m, p): (MemberId, Presence)| {
        local.update(|l| {
            l.get_or_insert(AttendanceSheet {
                event_id: event,
                entries: Vec::new(),
            })
            .mark(m, p)
        });
    });
    let root = root();
    let _handle = mount_to(root.clone(), move || {
        zhibu::i18n::provide_i18n();
        view! { <AttendanceTable view=shown on_mark /> }
    });
    tick().await;
    let totals = || {
        all(&root, ".total-n")
            .iter()
            .map(|e| e.text_content().unwrap())
            .collect::<Vec<_>>()
    };
    // Expected, present, on leave (the approved request), absent, unmarked.
    assert_eq!(totals(), ["3", "0", "1", "0", "2"]);

    check_ins.set(vec![checked]);
    tick().await;
    assert_eq!(totals(), ["3", "1", "1", "0", "1"]);

    let row = format!("[data-member='{}'] .mark", unmarked.0);
    let marks = all(&root, &row);
    assert_eq!(marks.len(), 3);
    marks[2].unchecked_ref::<HtmlElement>().click();
    tick().await;
    assert_eq!(totals(), ["3", "1", "1", "1", "0"]);
    assert_eq!(
        local.get_untracked().unwrap().get(unmarked),
        Some(Presence::Absent)
    );
    let pressed = all(
        &root,
        &format!("[data-member='{}'] .mark[aria-pressed=true]", unmarked.0),
    );
    assert_eq!(pressed.len(), 1);
    assert_eq!(pressed[0].text_content().as_deref(), Some("缺席"));

    // A mark on the phone's sheet wins over the check-in.
    all(&root, &format!("[data-member='{}'] .mark", checked.0))[1]
        .unchecked_ref::<HtmlElement>()
        .click();
    tick().await;
    assert_eq!(totals(), ["3", "0", "2", "1", "0"]);
}
