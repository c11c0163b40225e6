//! Typed views of the engine's records for the pages, and the phone's calendar date.

use crate::sync::{SyncEngine, ViewRow};
use leptos::prelude::With;
use zhibu_model::chrono::NaiveDate;
use zhibu_model::plan::{PlanItem, PlanTick};
use zhibu_model::study::StudyRecord;
use zhibu_model::sync::RecordData;
use zhibu_model::{ApiError, Uuid};

/// A record with what the pages show beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry<T> {
    pub id: Uuid,
    pub data: T,
    /// Saved on this phone, not yet on the server.
    pub pending: bool,
    pub refused: Option<ApiError>,
}

pub fn entries<T>(view: &[ViewRow], pick: impl Fn(&RecordData) -> Option<&T>) -> Vec<Entry<T>>
where
    T: Clone,
{
    view.iter()
        .filter_map(|v| {
            pick(&v.data).map(|data| Entry {
                id: v.id,
                data: data.clone(),
                pending: v.pending,
                refused: v.rejected.clone(),
            })
        })
        .collect()
}

/// The member's study records, newest first (reactive).
pub fn study(engine: SyncEngine) -> Vec<Entry<StudyRecord>> {
    let mut list = engine.view.with(|v| {
        entries(v, |d| match d {
            RecordData::Study(r) => Some(r),
            _ => None,
        })
    });
    list.sort_by(|a, b| b.data.date.cmp(&a.data.date).then(b.id.cmp(&a.id)));
    list
}

/// The branch's study plan, by due date (reactive).
pub fn plan_items(engine: SyncEngine) -> Vec<Entry<PlanItem>> {
    let mut list = engine.view.with(|v| {
        entries(v, |d| match d {
            RecordData::PlanItem(p) => Some(p),
            _ => None,
        })
    });
    list.sort_by(|a, b| a.data.due.cmp(&b.data.due).then(a.id.cmp(&b.id)));
    list
}

/// The member's ticks of plan items (reactive).
pub fn plan_ticks(engine: SyncEngine) -> Vec<Entry<PlanTick>> {
    engine.view.with(|v| {
        entries(v, |d| match d {
            RecordData::PlanTick(t) => Some(t),
            _ => None,
        })
    })
}

/// Today on this phone's calendar.
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_default()
}

/// Where the member's study profile is kept for offline starts.
const PROFILE_KEY: &str = "zhibu.study.profile";

/// The member's study settings and target: the cached copy at once, then the server's
/// answer when there is a connection. Defaults (the model's rules) before either.
pub fn study_profile(
    lang: zhibu_model::Lang,
) -> leptos::prelude::RwSignal<zhibu_model::branch_study::StudyProfile> {
    use crate::i18n::local_storage;
    use leptos::prelude::*;
    use zhibu_model::branch_study::StudyProfile;
    let cached: Option<StudyProfile> = local_storage()
        .and_then(|s| s.get_item(PROFILE_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok());
    let profile = RwSignal::new(cached.unwrap_or_else(|| {
        let settings = zhibu_model::rules::StudySettings::default();
        StudyProfile {
            settings,
            waived: false,
            target_hours: Some(settings.target_hours_member),
            credited: Vec::new(),
        }
    }));
    leptos::task::spawn_local(async move {
        if let Ok(fresh) = crate::api::study_profile(lang).await {
            if let (Some(s), Ok(json)) = (local_storage(), serde_json::to_string(&fresh)) {
                let _ = s.set_item(PROFILE_KEY, &json);
            }
            profile.set(fresh);
        }
    });
    profile
}
