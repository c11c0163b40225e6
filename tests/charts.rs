//! The charts in a real browser (headless Chromium): each is mounted alone into a fresh
//! element, with the language context it needs, and read back from the DOM.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use zhibu::components::charts::{FormSplit, ProgressBar, WeeklyBars};
use zhibu::i18n::provide_i18n;
use zhibu_model::chrono::{Duration, NaiveDate};
use zhibu_model::study::StudyForm;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element in Chinese (the default language).
fn fresh() -> HtmlElement {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item(zhibu::i18n::STORAGE_KEY).unwrap();
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

fn one(root: &HtmlElement, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn all(root: &HtmlElement, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(JsCast::unchecked_into)
        .collect()
}

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name)
        .unwrap_or_else(|| panic!("no {name} on {}", el.outer_html()))
}

fn number(el: &Element, name: &str) -> u32 {
    attr(el, name).parse().unwrap()
}

fn texts(elements: &[Element]) -> Vec<String> {
    elements
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn progress_bar_shows_hours_against_the_target() {
    let root = fresh();
    let tenths = RwSignal::new(125u32);
    let target = RwSignal::new(Some(32));
    let handle = mount_to(root.clone(), move || {
        provide_i18n();
        view! { <ProgressBar tenths target_hours=target /> }
    });
    tick().await;

    assert_eq!(
        one(&root, ".progress-figures").text_content().unwrap(),
        "12.5 / 32 学时"
    );
    let bar = one(&root, "[role=progressbar]");
    assert!(!bar.has_attribute("hidden"));
    assert_eq!(attr(&bar, "aria-label"), "全年学时进度");
    assert_eq!(attr(&bar, "aria-valuemin"), "0");
    assert_eq!(attr(&bar, "aria-valuemax"), "32");
    assert_eq!(attr(&bar, "aria-valuenow"), "12.5");
    assert_eq!(attr(&bar, "aria-valuetext"), "12.5 / 32 学时");
    // 12.5 of 32 is 390.6 ‰ of the track.
    assert_eq!(number(&one(&root, ".progress-fill"), "width"), 390);
    assert!(one(&root, ".progress-waived").has_attribute("hidden"));

    // Above the target: a full bar, the value within ARIA's range, the real figure said.
    tenths.set(400);
    tick().await;
    assert_eq!(number(&one(&root, ".progress-fill"), "width"), 1000);
    assert!(bar.class_list().contains("done"));
    assert_eq!(attr(&bar, "aria-valuenow"), "32");
    assert_eq!(attr(&bar, "aria-valuetext"), "40 / 32 学时");

    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_waived_target_shows_the_note_and_no_bar() {
    let root = fresh();
    let target = RwSignal::new(None::<u32>);
    let handle = mount_to(root.clone(), move || {
        provide_i18n();
        view! { <ProgressBar tenths=80u32 target_hours=target /> }
    });
    tick().await;

    assert_eq!(
        one(&root, ".progress-figures").text_content().unwrap(),
        "8 学时"
    );
    let note = one(&root, ".progress-waived");
    assert!(!note.has_attribute("hidden"));
    assert_eq!(note.text_content().unwrap(), "已免除学时要求");
    assert!(one(&root, "[role=progressbar]").has_attribute("hidden"));

    // The waiver lifted: the bar is back and the note gone.
    target.set(Some(56));
    tick().await;
    assert!(note.has_attribute("hidden"));
    assert!(!one(&root, "[role=progressbar]").has_attribute("hidden"));

    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn weekly_bars_are_proportional_with_the_tallest_labelled() {
    let root = fresh();
    let first: NaiveDate = "2026-09-07".parse().unwrap();
    // 0, 11, 22, … 121 tenths: the last week is the tallest.
    let weeks: Vec<(NaiveDate, u32)> = (0..12)
        .map(|i| (first + Duration::weeks(i), i as u32 * 11))
        .collect();
    let data = weeks.clone();
    let handle = mount_to(root.clone(), move || {
        provide_i18n();
        view! { <WeeklyBars weeks=data /> }
    });
    tick().await;

    let svg = one(&root, "svg.chart-weeks");
    assert_eq!(attr(&svg, "role"), "img");
    assert_eq!(
        attr(&svg, "aria-label"),
        "每周学时（12 周）：合计 72.6 学时，最多的一周 12.1 学时"
    );
    let bars = all(&root, "rect.chart-bar");
    assert_eq!(bars.len(), 12);
    // The tallest is the full 110 units; the others in proportion (value × 10).
    let heights: Vec<u32> = bars.iter().map(|b| number(b, "height")).collect();
    let expected: Vec<u32> = (0..12).map(|i| i * 10).collect();
    assert_eq!(heights, expected);
    // Every bar stands on the baseline.
    let base = number(&one(&root, "line.chart-base"), "y1");
    for b in &bars {
        assert_eq!(number(b, "y") + number(b, "height"), base);
    }
    assert_eq!(texts(&all(&root, ".chart-value")), ["12.1"]);
    // Months where they change: September, October (week of 28 Sept), November (week
    // of 26 Oct).
    let months: Vec<String> = texts(&all(&root, "text.chart-text"))
        .into_iter()
        .filter(|t| t.ends_with('月'))
        .collect();
    assert_eq!(months, ["9月", "10月", "11月"]);
    // The figures for screen readers, a line per week.
    let items = texts(&all(&root, "ul.visually-hidden li"));
    assert_eq!(items.len(), 12);
    assert_eq!(items[1], "2026年9月14日起的一周：1.1 学时");

    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn weeks_without_study_draw_no_bars_and_no_label() {
    let root = fresh();
    let first: NaiveDate = "2026-11-02".parse().unwrap();
    let weeks: Vec<(NaiveDate, u32)> = (0..4).map(|i| (first + Duration::weeks(i), 0)).collect();
    let handle = mount_to(root.clone(), move || {
        provide_i18n();
        view! { <WeeklyBars weeks=weeks /> }
    });
    tick().await;

    let bars = all(&root, "rect.chart-bar");
    assert_eq!(bars.len(), 4);
    assert!(bars.iter().all(|b| number(b, "height") == 0));
    assert!(all(&root, ".chart-value").is_empty());

    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn form_split_has_a_labelled_bar_per_form() {
    let root = fresh();
    let split = RwSignal::new(vec![
        (StudyForm::GroupStudy, 200u32),
        (StudyForm::SelfStudy, 50),
        (StudyForm::Online, 100),
    ]);
    let handle = mount_to(root.clone(), move || {
        provide_i18n();
        view! { <FormSplit split /> }
    });
    tick().await;

    let svg = one(&root, "svg.chart-forms");
    assert_eq!(attr(&svg, "role"), "img");
    assert_eq!(
        attr(&svg, "aria-label"),
        "按学习形式的学时（3 种形式）：合计 35 学时"
    );
    let widths: Vec<u32> = all(&root, "rect.chart-bar")
        .iter()
        .map(|b| number(b, "width"))
        .collect();
    assert_eq!(widths, [300, 75, 150]);
    let labels = texts(&all(&root, "text.chart-label"));
    assert_eq!(
        labels,
        [
            "集中学习",
            "20 学时",
            "自学",
            "5 学时",
            "网络学习",
            "10 学时"
        ]
    );
    assert_eq!(
        texts(&all(&root, "ul.visually-hidden li")),
        ["集中学习: 20 学时", "自学: 5 学时", "网络学习: 10 学时"]
    );

    // One form fewer: the rows follow.
    split.update(|s| s.truncate(2));
    tick().await;
    assert_eq!(all(&root, "rect.chart-bar").len(), 2);
    assert_eq!(attr(&svg, "viewBox"), "0 0 300 80");

    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn charts_follow_the_language() {
    let root = fresh();
    let handle = mount_to(root.clone(), move || {
        let i18n = provide_i18n();
        i18n.set(zhibu_model::Lang::En);
        view! {
            <ProgressBar tenths=125u32 target_hours=Some(32u32) />
            <FormSplit split=vec![(StudyForm::Training, 80u32)] />
        }
    });
    tick().await;

    assert_eq!(
        one(&root, ".progress-figures").text_content().unwrap(),
        "12.5 / 32 h"
    );
    assert_eq!(
        attr(&one(&root, "[role=progressbar]"), "aria-label"),
        "Study hours this year"
    );
    assert_eq!(
        texts(&all(&root, "text.chart-label")),
        ["Training course", "8 h"]
    );

    drop(handle);
    root.remove();
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item(zhibu::i18n::STORAGE_KEY).unwrap();
}
