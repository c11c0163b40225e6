//! `/org/import`: the roster (名册) from the file the organisation already has — CSV as
//! Excel or WPS save it (UTF-8 with or without BOM, or GBK) or XLSX. Choosing the file
//! shows the preview: every row as it will be read, every problem by row and column,
//! nothing written. Confirming writes exactly what was shown (the server checks the
//! preview's hash); rows with a problem are skipped and can be imported again once
//! fixed, and importing the same file twice adds nobody.

use super::api;
use super::strings::OrgKey;
use super::{OrgPage, use_scope};
use crate::i18n::use_i18n;
use base64::Engine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use zhibu_model::org::roster::{COLUMNS, ImportDone, ImportPreview, ImportRequest, RowAction};

#[component]
pub fn OrgImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let scope = use_scope();
    let request = RwSignal::new(None::<ImportRequest>);
    let preview = RwSignal::new(None::<ImportPreview>);
    let done = RwSignal::new(None::<ImportDone>);
    let failed = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let show = move |req: ImportRequest| {
        pending.set(true);
        done.set(None);
        preview.set(None);
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            match api::preview_roster(&req, lang).await {
                Ok(p) => {
                    failed.set(None);
                    request.set(Some(ImportRequest {
                        hash: p.hash.clone(),
                        ..req
                    }));
                    preview.set(Some(p));
                }
                Err(e) => failed.set(Some(e.message(lang))),
            }
            pending.set(false);
        });
    };
    let chosen = move |ev: leptos::ev::Event| {
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        spawn_local(async move {
            let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else {
                failed.set(Some(i18n.t(OrgKey::FileUnreadable).to_owned()));
                return;
            };
            let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            show(ImportRequest {
                file_name: file.name(),
                content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
                hash: String::new(),
            });
        });
    };
    let confirm = move |_| {
        let Some(req) = request.get_untracked() else {
            return;
        };
        pending.set(true);
        let lang = i18n.lang_untracked();
        spawn_local(async move {
            match api::import_roster(&req, lang).await {
                Ok(d) => {
                    failed.set(None);
                    preview.set(None);
                    done.set(Some(d));
                }
                // The roll changed since the preview: show the file as it would be read now.
                Err(e) if e.field() == Some("hash") => {
                    failed.set(Some(e.message(lang)));
                    show(req);
                }
                Err(e) => failed.set(Some(e.message(lang))),
            }
            pending.set(false);
        });
    };
    view! {
        <OrgPage title=Signal::derive(move || i18n.t(OrgKey::Import).to_owned())>
            <Show when=move || scope.get().is_admin() fallback=move || view! { <p class="card">{i18n.tr(OrgKey::AdminsOnly)}</p> }>
                <section class="card" aria-labelledby="file-heading">
                    <h2 id="file-heading">{i18n.tr(OrgKey::RosterFile)}</h2>
                    <p class="muted">{i18n.tr(OrgKey::ImportIntro)}</p>
                    <p class="muted">{i18n.tr(OrgKey::Columns)}{COLUMNS.iter().map(|(_, names)| names[0]).collect::<Vec<_>>().join("、")}</p>
                    <div class="field">
                        <label for="roster-file">{i18n.tr(OrgKey::ChooseFile)}</label>
                        <input id="roster-file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" on:change=chosen />
                    </div>
                    <p class="muted" role="status" hidden=move || !pending.get()>{i18n.tr(OrgKey::Reading)}</p>
                    <p class="form-error" role="alert" hidden=move || failed.with(Option::is_none)>{move || failed.get()}</p>
                </section>
                {move || done.get().map(|d| view! {
                    <section class="card" role="status" data-testid="import-done">
                        <h2>{i18n.tr(OrgKey::Imported)}</h2>
                        <p>{move || format!("{} {} · {} {} · {} {}",
                            i18n.t(OrgKey::Added), d.added,
                            i18n.t(OrgKey::AlreadyThere), d.existing,
                            i18n.t(OrgKey::Skipped), d.skipped)}</p>
                    </section>
                })}
                {move || preview.get().map(|p| view! { <Preview preview=p pending confirm /> })}
            </Show>
        </OrgPage>
    }
}

#[component]
fn Preview(
    preview: ImportPreview,
    pending: RwSignal<bool>,
    confirm: impl Fn(leptos::ev::MouseEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let ImportPreview {
        rows,
        problems,
        ignored_columns,
        new_groups,
        add,
        existing,
        skip,
        ..
    } = preview;
    let no_problems = problems.is_empty();
    view! {
        <section class="card" aria-labelledby="preview-heading" data-testid="preview">
            <h2 id="preview-heading">{i18n.tr(OrgKey::Preview)}</h2>
            <p data-testid="preview-summary">{move || format!("{} {add} · {} {existing} · {} {skip}",
                i18n.t(OrgKey::WillAdd), i18n.t(OrgKey::AlreadyThere), i18n.t(OrgKey::WillSkip))}</p>
            <p class="muted">{i18n.tr(OrgKey::NothingWrittenYet)}</p>
            {(!ignored_columns.is_empty()).then(|| view! {
                <p class="muted" data-testid="ignored-columns">{i18n.tr(OrgKey::IgnoredColumns)}{ignored_columns.join("、")}</p>
            })}
            {(!new_groups.is_empty()).then(|| view! {
                <p class="muted">{i18n.tr(OrgKey::NewGroups)}{new_groups.iter().map(|(b, g)| format!("{b} · {g}")).collect::<Vec<_>>().join("、")}</p>
            })}
            <div class="actions">
                <button class="button primary" type="button" disabled=move || pending.get() || add == 0 on:click=confirm>
                    {move || format!("{} ({add})", i18n.t(OrgKey::ConfirmImport))}
                </button>
            </div>
        </section>
        <section class="card" aria-labelledby="problems-heading" hidden=no_problems>
            <h2 id="problems-heading">{i18n.tr(OrgKey::Problems)}" "<span class="muted">{problems.len()}</span></h2>
            <table class="org-table" data-testid="problems">
                <thead>
                    <tr>
                        <th scope="col" class="num">{i18n.tr(OrgKey::RowNo)}</th>
                        <th scope="col">{i18n.tr(OrgKey::Column)}</th>
                        <th scope="col">{i18n.tr(OrgKey::Problem)}</th>
                    </tr>
                </thead>
                <tbody>
                    {problems.into_iter().map(|p| view! {
                        <tr data-testid="problem">
                            <th scope="row" class="num">{p.row}</th>
                            <td data-label=i18n.tr(OrgKey::Column)>{p.column}</td>
                            <td data-label=i18n.tr(OrgKey::Problem)>{p.message}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section class="card" aria-labelledby="rows-heading">
            <details class="fold">
                <summary id="rows-heading">{i18n.tr(OrgKey::AllRows)}" "<span class="muted">{rows.len()}</span></summary>
                <table class="org-table" data-testid="preview-rows">
                    <thead>
                        <tr>
                            <th scope="col" class="num">{i18n.tr(OrgKey::RowNo)}</th>
                            <th scope="col">{i18n.tr(OrgKey::Name)}</th>
                            <th scope="col">{i18n.tr(OrgKey::Login)}</th>
                            <th scope="col">{i18n.tr(OrgKey::Branch)}</th>
                            <th scope="col">{i18n.tr(OrgKey::Group)}</th>
                            <th scope="col">{i18n.tr(OrgKey::Outcome)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr>
                                <th scope="row" class="num">{r.row}</th>
                                <td data-label=i18n.tr(OrgKey::Name)>{r.display_name}</td>
                                <td data-label=i18n.tr(OrgKey::Login)>{r.login}{r.login_derived.then(|| view! { " " <span class="badge">{i18n.tr(OrgKey::FromPinyin)}</span> })}</td>
                                <td data-label=i18n.tr(OrgKey::Branch)>{r.branch}</td>
                                <td data-label=i18n.tr(OrgKey::Group)>{r.party_group.unwrap_or_default()}</td>
                                <td data-label=i18n.tr(OrgKey::Outcome)>{move || i18n.t(match r.action {
                                    RowAction::Add => OrgKey::OutcomeAdd,
                                    RowAction::Existing => OrgKey::AlreadyThere,
                                    RowAction::Skip => OrgKey::WillSkip,
                                })}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}
