//! Activation codes as they are handed over: one code on its own after a member is added
//! or a password forgotten, or a whole branch's on a sheet the secretary prints and cuts
//! into slips. A code is shown once; the server keeps only its hash.

use super::strings::OrgKey;
use crate::i18n::{date_time, use_i18n};
use leptos::prelude::*;
use zhibu_model::org::activation::IssuedCode;

/// One code, for the member it was issued to.
#[component]
pub fn CodeCard(code: IssuedCode) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card code-card" data-testid="activation-code" aria-labelledby="code-heading">
            <h2 id="code-heading">{i18n.tr(OrgKey::CodeIssued)}</h2>
            <dl class="account-facts">
                <div><dt>{i18n.tr(OrgKey::Name)}</dt><dd>{code.display_name}</dd></div>
                <div><dt>{i18n.tr(OrgKey::Login)}</dt><dd data-testid="code-login">{code.login}</dd></div>
                <div><dt>{i18n.tr(OrgKey::Code)}</dt><dd class="code" data-testid="code-value">{code.code}</dd></div>
                <div><dt>{i18n.tr(OrgKey::ValidUntil)}</dt><dd>{move || date_time(i18n.lang(), code.expires_at)}</dd></div>
            </dl>
            <p class="muted">{i18n.tr(OrgKey::CodeHandOver)}</p>
        </section>
    }
}

/// A branch's new codes, one slip per member, to print.
#[component]
pub fn CodeSheet(codes: Vec<IssuedCode>) -> impl IntoView {
    let i18n = use_i18n();
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let empty = codes.is_empty();
    view! {
        <section class="card code-sheet" data-testid="code-sheet" aria-labelledby="sheet-heading">
            <h2 id="sheet-heading">{i18n.tr(OrgKey::CodesIssued)}</h2>
            <p class="muted" hidden=!empty>{i18n.tr(OrgKey::NoCodesNeeded)}</p>
            <div hidden=empty>
                <p class="muted">{i18n.tr(OrgKey::CodeHandOver)}</p>
                <div class="actions no-print">
                    <button class="button secondary" type="button" on:click=print>{i18n.tr(OrgKey::Print)}</button>
                </div>
                <table class="org-table code-slips">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(OrgKey::Name)}</th>
                            <th scope="col">{i18n.tr(OrgKey::Login)}</th>
                            <th scope="col">{i18n.tr(OrgKey::Code)}</th>
                            <th scope="col">{i18n.tr(OrgKey::ValidUntil)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {codes.into_iter().map(|c| view! {
                            <tr data-testid="code-slip">
                                <th scope="row">{c.display_name}</th>
                                <td data-label=i18n.tr(OrgKey::Login)>{c.login}</td>
                                <td class="code" data-label=i18n.tr(OrgKey::Code)>{c.code}</td>
                                <td data-label=i18n.tr(OrgKey::ValidUntil)>{move || date_time(i18n.lang(), c.expires_at)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
