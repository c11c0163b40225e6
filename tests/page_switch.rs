//! The page switch: a page whose code (here, the pages' styles) is still arriving never
//! replaces the page the member has gone on to meanwhile. One test in its own binary, so
//! the styles are not in yet when it starts.

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen_test::*;
use zhibu::app::RoutedPage;
use zhibu::i18n::{Key, t};
use zhibu::router::{Router, Routing, use_routing};
use zhibu::sync::SyncEngine;
use zhibu_model::Lang;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{pause, root_at, until};

#[wasm_bindgen_test]
async fn a_page_still_loading_does_not_replace_the_next_one() {
    let root = root_at("/study");
    let routing = RwSignal::new(None::<Routing>);
    let _handle = mount_to(root.clone(), move || {
        let i18n = zhibu::i18n::provide_i18n();
        zhibu::session::provide_session(i18n);
        provide_context(SyncEngine::new());
        view! {
            <Router>
                {move || routing.set(Some(use_routing()))}
                <RoutedPage />
            </Router>
        }
    });
    // 学习's code waits for the styles; nothing is drawn yet.
    assert_eq!(root.text_content().unwrap_or_default(), "");

    // The member goes on to an address with no page before they arrive.
    routing.get_untracked().unwrap().go("/no-such-page");
    let not_found = t(Lang::ZhCn, Key::NotFound);
    until(|| root.text_content().unwrap_or_default().contains(not_found)).await;

    // Once the styles are in, the late 学习 page is not drawn over it.
    if let Some(styles) = zhibu::page_styles::fetch() {
        let _ = styles.await;
    }
    pause(100).await;
    let h1 = root.query_selector("h1").unwrap().unwrap();
    assert_eq!(h1.text_content().unwrap(), not_found);
    assert_eq!(root.query_selector_all("h1").unwrap().length(), 1);
}
