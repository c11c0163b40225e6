//! `/org/audit`: every change to the organisation's roll and settings — who, what, when,
//! from which address — newest first, for the administrator.

use super::api::{self, AuditEntry, AuditPage};
use super::strings::OrgKey;
use super::{Loaded, OrgPage, Waiting, fill};
use crate::i18n::{date_time, use_i18n};
use leptos::prelude::*;
use zhibu_model::Lang;

#[component]
pub fn OrgAuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let page_no = RwSignal::new(1_u32);
    let action = RwSignal::new(String::new());
    let page: Loaded<AuditPage> = RwSignal::new(None);
    let load = move || {
        let lang = i18n.lang_untracked();
        let (n, a) = (page_no.get_untracked(), action.get_untracked());
        fill(page, lang, async move { api::audit(n, &a, lang).await });
    };
    load();
    let turn = move |by: i32| {
        page_no.update(|n| *n = n.saturating_add_signed(by).max(1));
        load();
    };
    view! {
        <OrgPage title=Signal::derive(move || i18n.t(OrgKey::AuditLog).to_owned())>
            <section class="card">
                <div class="field">
                    <label for="action">{i18n.tr(OrgKey::What)}</label>
                    <select id="action" on:change=move |ev| { action.set(event_target_value(&ev)); page_no.set(1); load(); }>
                        <option value="">{i18n.tr(OrgKey::AnyStatus)}</option>
                        {ACTIONS.into_iter().map(|(code, zh, en)| view! {
                            <option value=code>{move || if i18n.lang() == Lang::ZhCn { zh } else { en }}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Waiting state=page retry=load />
                {move || page.get().and_then(Result::ok).map(|p| {
                    let last = p.total.div_ceil(u64::from(p.per_page.max(1))).max(1);
                    let number = p.page;
                    view! {
                        <table class="org-table" data-testid="audit">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.tr(OrgKey::When)}</th>
                                    <th scope="col">{i18n.tr(OrgKey::Who)}</th>
                                    <th scope="col">{i18n.tr(OrgKey::What)}</th>
                                    <th scope="col">{i18n.tr(OrgKey::Details)}</th>
                                    <th scope="col">{i18n.tr(OrgKey::Address)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {p.entries.into_iter().map(|e| view! { <Entry e /> }).collect_view()}
                            </tbody>
                        </table>
                        <div class="actions pager" hidden=last <= 1>
                            <button class="button secondary" type="button" disabled=number <= 1 on:click=move |_| turn(-1)>{i18n.tr(OrgKey::Previous)}</button>
                            <span class="muted">{format!("{number} / {last}")}</span>
                            <button class="button secondary" type="button" disabled=u64::from(number) >= last on:click=move |_| turn(1)>{i18n.tr(OrgKey::Next)}</button>
                        </div>
                    }
                })}
            </section>
        </OrgPage>
    }
}

#[component]
fn Entry(e: AuditEntry) -> impl IntoView {
    let i18n = use_i18n();
    let AuditEntry {
        at,
        actor_name,
        addr,
        action,
        detail,
        ..
    } = e;
    let details = summary(&detail);
    view! {
        <tr data-testid="audit-entry">
            <th scope="row">{move || date_time(i18n.lang(), at)}</th>
            <td data-label=i18n.tr(OrgKey::Who)>{actor_name.unwrap_or_else(|| "cli".to_owned())}</td>
            <td data-label=i18n.tr(OrgKey::What)>{move || action_label(&action, i18n.lang())}</td>
            <td data-label=i18n.tr(OrgKey::Details) class="audit-detail">{details}</td>
            <td data-label=i18n.tr(OrgKey::Address)>{addr.unwrap_or_default()}</td>
        </tr>
    }
}

/// The recorded values, `key: value` (ids shortened; they are for finding, not reading).
fn summary(detail: &serde_json::Value) -> String {
    let Some(map) = detail.as_object() else {
        return String::new();
    };
    map.iter()
        .map(|(k, v)| {
            let v = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!("{k}: {v}")
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The actions the server records, with their names (zh, en).
const ACTIONS: [(&str, &str, &str); 25] = [
    ("organisation_created", "创建组织", "Organisation created"),
    (
        "general_branch_created",
        "新建党总支",
        "General branch created",
    ),
    (
        "general_branch_renamed",
        "修改党总支",
        "General branch renamed",
    ),
    ("branch_created", "新建党支部", "Branch created"),
    ("branch_updated", "修改党支部", "Branch changed"),
    ("branch_closed", "撤销党支部", "Branch closed"),
    ("party_group_created", "新建党小组", "Party group created"),
    ("party_group_renamed", "修改党小组", "Party group renamed"),
    ("party_group_closed", "撤销党小组", "Party group closed"),
    ("party_group_changed", "调整党小组", "Party group changed"),
    ("post_appointed", "任职", "Post taken"),
    ("post_ended", "免职", "Post ended"),
    ("committee_elected", "换届", "Committee elected"),
    ("member_added", "添加党员", "Member added"),
    ("member_edited", "修改党员信息", "Member edited"),
    ("member_transferred", "组织关系转接", "Member transferred"),
    ("member_deactivated", "减少党员", "Member deactivated"),
    ("roster_imported", "导入名册", "Roster imported"),
    (
        "activation_code_issued",
        "发放激活码",
        "Activation code issued",
    ),
    ("account_activated", "激活账号", "Account activated"),
    ("password_changed", "修改密码", "Password changed"),
    ("session_ended", "退出设备", "Device signed out"),
    (
        "study_settings_changed",
        "修改学时设置",
        "Study settings changed",
    ),
    ("study_waiver_changed", "学时免计", "Study waiver changed"),
    (
        "event_settings_changed",
        "修改活动设置",
        "Event settings changed",
    ),
];

/// What an action is called; an action this build does not know shows as recorded.
fn action_label(action: &str, lang: Lang) -> String {
    match ACTIONS.iter().find(|(code, ..)| *code == action) {
        Some((_, zh, _)) if lang == Lang::ZhCn => (*zh).to_owned(),
        Some((_, _, en)) => (*en).to_owned(),
        None => action.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_read_in_both_languages_and_unknown_ones_as_recorded() {
        assert_eq!(
            action_label("member_transferred", Lang::ZhCn),
            "组织关系转接"
        );
        assert_eq!(
            action_label("member_transferred", Lang::En),
            "Member transferred"
        );
        assert_eq!(action_label("something_new", Lang::ZhCn), "something_new");
    }

    #[test]
    fn details_read_as_key_and_value() {
        let v = serde_json::json!({"branch": "第一党支部", "date": "2026-12-01", "n": 3});
        assert_eq!(summary(&v), "branch: 第一党支部 · date: 2026-12-01 · n: 3");
        assert_eq!(summary(&serde_json::Value::Null), "");
    }
}
