//! The language switch: a segmented control of two real buttons. Each name is written in
//! its own language (and marked so), so it can be found whatever the UI shows now.

use crate::i18n::{Key, use_i18n};
use leptos::prelude::*;
use zhibu_model::Lang;

fn native_name(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "中文",
        Lang::En => "English",
    }
}

#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="segmented" role="group" aria-label=i18n.tr(Key::Language)>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            lang=lang.tag()
                            aria-pressed=move || if i18n.lang() == lang { "true" } else { "false" }
                            on:click=move |_| i18n.set(lang)
                        >
                            {native_name(lang)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
