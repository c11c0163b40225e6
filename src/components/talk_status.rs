//! A talk record's confirmation status as a marked badge: confirmed, disputed, or
//! awaiting (still counts as submitted, but marked).

use crate::i18n::{PgKey, use_i18n};
use leptos::prelude::*;
use zhibu_model::talk::TalkStatus;

#[component]
pub fn TalkStatusBadge(status: TalkStatus) -> impl IntoView {
    let i18n = use_i18n();
    let (class, key) = match status {
        TalkStatus::Confirmed => ("badge talk-status confirmed", PgKey::StatusConfirmed),
        TalkStatus::Disputed => ("badge talk-status disputed", PgKey::StatusDisputed),
        TalkStatus::Unconfirmed => ("badge talk-status awaiting", PgKey::StatusAwaiting),
    };
    view! { <span class=class data-status=format!("{status:?}").to_lowercase()>{i18n.tr(key)}</span> }
}
