//! Typed views of the engine's records for the pages, and the phone's calendar date.
//!
//! The engine keeps records as JSON (`crate::sync::wire`); each kind is read here, by the
//! pages that show it, through its [`Reader`]: the server's record, or the member's
//! unsent change (the kind's input, checked when it was saved) read as the record. So a
//! page's code holds the reading of the kinds it shows and no other.

use crate::sync::wire::Raw;
use crate::sync::{SyncEngine, ViewRow};
use leptos::prelude::With;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use zhibu_model::account::RosterMember;
use zhibu_model::chrono::NaiveDate;
use zhibu_model::coverage::{Pair, TalkFact, talk_coverage};
use zhibu_model::feedback::{Feedback, FeedbackInput, FeedbackReply};
use zhibu_model::plan::{PlanItem, PlanItemInput, PlanTick, PlanTickInput};
use zhibu_model::pledge::{
    Pledge, PledgeInput, PledgeProgress, PledgeProgressInput, PledgeTemplate, PledgeTemplateInput,
};
use zhibu_model::study::{StudyInput, StudyRecord};
use zhibu_model::sync::RecordKind;
use zhibu_model::talk::{
    TalkConfirmation, TalkConfirmationInput, TalkInput, TalkRecord, TalkStatus,
};
use zhibu_model::{ApiError, MemberId, Uuid};

/// A record with what the pages show beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry<T> {
    pub id: Uuid,
    pub data: T,
    /// Saved on this phone, not yet on the server.
    pub pending: bool,
    pub refused: Option<ApiError>,
}

/// How one kind of record is read from the engine's view.
pub struct Reader<T> {
    pub kind: RecordKind,
    /// The server's tag for it (`RecordData`'s variant).
    pub tag: &'static str,
    /// The member's unsent change (the kind's input) read as the record.
    pub from_change: fn(&Raw) -> Option<T>,
}

/// A change saved on this phone was checked then; a date that was "not in the future"
/// when it was made stays so (a record made yesterday for today stays valid).
const ANY_DAY: NaiveDate = NaiveDate::MAX;

impl<T: DeserializeOwned> Reader<T> {
    /// The row as `T`, if it is of this kind: its unsent change first, else the server's.
    pub fn read(&self, row: &ViewRow) -> Option<T> {
        if row.kind != self.kind {
            return None;
        }
        if let Some(t) = row.change.as_ref().and_then(self.from_change) {
            return Some(t);
        }
        #[derive(Deserialize)]
        struct Tagged<T> {
            kind: String,
            data: T,
        }
        let tagged: Tagged<T> = row.server.as_ref()?.decode()?;
        (tagged.kind == self.tag).then_some(tagged.data)
    }

    /// Every row of this kind as an [`Entry`].
    pub fn entries(&self, view: &[ViewRow]) -> Vec<Entry<T>> {
        view.iter()
            .filter_map(|v| {
                self.read(v).map(|data| Entry {
                    id: v.id,
                    data,
                    pending: v.pending,
                    refused: v.rejected.clone(),
                })
            })
            .collect()
    }
}

pub const STUDY: Reader<StudyRecord> = Reader {
    kind: RecordKind::Study,
    tag: "study",
    from_change: |raw| raw.decode::<StudyInput>()?.parse(ANY_DAY).ok(),
};

pub const PLAN_ITEM: Reader<PlanItem> = Reader {
    kind: RecordKind::PlanItem,
    tag: "plan_item",
    from_change: |raw| raw.decode::<PlanItemInput>()?.parse().ok(),
};

pub const PLAN_TICK: Reader<PlanTick> = Reader {
    kind: RecordKind::PlanTick,
    tag: "plan_tick",
    from_change: |raw| raw.decode::<PlanTickInput>()?.parse().ok(),
};

pub const PLEDGE_TEMPLATE: Reader<PledgeTemplate> = Reader {
    kind: RecordKind::PledgeTemplate,
    tag: "pledge_template",
    from_change: |raw| raw.decode::<PledgeTemplateInput>()?.parse().ok(),
};

/// Templates for lists only (首页): a template saved on this phone is shown as typed,
/// without making its text canonical again, whose tables 首页 need not carry.
pub const PLEDGE_TEMPLATE_LISTED: Reader<PledgeTemplate> = Reader {
    from_change: |raw| raw.decode::<PledgeTemplateInput>()?.as_saved(),
    ..PLEDGE_TEMPLATE
};

pub const PLEDGE: Reader<Pledge> = Reader {
    kind: RecordKind::Pledge,
    tag: "pledge",
    from_change: |raw| raw.decode::<PledgeInput>()?.parse().ok(),
};

/// Pledges for lists only (首页: what is signed): as [`PLEDGE_TEMPLATE_LISTED`].
pub const PLEDGE_LISTED: Reader<Pledge> = Reader {
    from_change: |raw| raw.decode::<PledgeInput>()?.as_saved(),
    ..PLEDGE
};

pub const PLEDGE_PROGRESS: Reader<PledgeProgress> = Reader {
    kind: RecordKind::PledgeProgress,
    tag: "pledge_progress",
    from_change: |raw| raw.decode::<PledgeProgressInput>()?.parse(ANY_DAY).ok(),
};

pub const TALK: Reader<TalkRecord> = Reader {
    kind: RecordKind::Talk,
    tag: "talk",
    // The writer was checked against the counterparts when the change was saved.
    from_change: |raw| {
        raw.decode::<TalkInput>()?
            .parse(ANY_DAY, MemberId(Uuid::nil()))
            .ok()
    },
};

pub const TALK_CONFIRMATION: Reader<TalkConfirmation> = Reader {
    kind: RecordKind::TalkConfirmation,
    tag: "talk_confirmation",
    from_change: |raw| raw.decode::<TalkConfirmationInput>()?.parse().ok(),
};

pub const FEEDBACK: Reader<Feedback> = Reader {
    kind: RecordKind::Feedback,
    tag: "feedback",
    from_change: |raw| raw.decode::<FeedbackInput>()?.parse().ok(),
};

/// The administrators' answers; a member never writes one.
pub const FEEDBACK_REPLY: Reader<FeedbackReply> = Reader {
    kind: RecordKind::FeedbackReply,
    tag: "feedback_reply",
    from_change: |_| None,
};

/// The member's 意见建议, newest first, each with its answers in the order given
/// (reactive).
pub fn feedback(engine: SyncEngine) -> Vec<(Entry<Feedback>, Vec<FeedbackReply>)> {
    engine.view.with(|v| {
        let mut replies: Vec<(Uuid, FeedbackReply)> = v
            .iter()
            .filter_map(|row| FEEDBACK_REPLY.read(row).map(|r| (row.id, r)))
            .collect();
        // Ids are v7: their order is the order they were written in.
        replies.sort_by_key(|(id, _)| *id);
        let mut list: Vec<_> = FEEDBACK
            .entries(v)
            .into_iter()
            .map(|e| {
                let answers = replies
                    .iter()
                    .filter(|(_, r)| r.feedback_id == e.id)
                    .map(|(_, r)| r.clone())
                    .collect();
                (e, answers)
            })
            .collect();
        list.sort_by_key(|e| std::cmp::Reverse(e.0.id));
        list
    })
}

/// The member's study records, newest first (reactive).
pub fn study(engine: SyncEngine) -> Vec<Entry<StudyRecord>> {
    let mut list = engine.view.with(|v| STUDY.entries(v));
    list.sort_by(|a, b| b.data.date.cmp(&a.data.date).then(b.id.cmp(&a.id)));
    list
}

/// The branch's study plan, by due date (reactive).
pub fn plan_items(engine: SyncEngine) -> Vec<Entry<PlanItem>> {
    let mut list = engine.view.with(|v| PLAN_ITEM.entries(v));
    list.sort_by(|a, b| a.data.due.cmp(&b.data.due).then(a.id.cmp(&b.id)));
    list
}

/// The member's ticks of plan items (reactive).
pub fn plan_ticks(engine: SyncEngine) -> Vec<Entry<PlanTick>> {
    engine.view.with(|v| PLAN_TICK.entries(v))
}

/// The branch's pledge templates, newest year first, then by title (reactive).
pub fn pledge_templates(engine: SyncEngine) -> Vec<Entry<PledgeTemplate>> {
    pledge_templates_by(engine, &PLEDGE_TEMPLATE)
}

/// As [`pledge_templates`], read by `reader`.
pub fn pledge_templates_by(
    engine: SyncEngine,
    reader: &Reader<PledgeTemplate>,
) -> Vec<Entry<PledgeTemplate>> {
    let mut list = engine.view.with(|v| reader.entries(v));
    list.sort_by(|a, b| {
        (b.data.year.cmp(&a.data.year))
            .then(a.data.title.cmp(&b.data.title))
            .then(a.id.cmp(&b.id))
    });
    list
}

/// The member's pledge versions, drafts and signed, in the engine's order (reactive).
pub fn pledges(engine: SyncEngine) -> Vec<Entry<Pledge>> {
    engine.view.with(|v| PLEDGE.entries(v))
}

/// The member's 践诺 entries, oldest first (reactive).
pub fn pledge_progress(engine: SyncEngine) -> Vec<Entry<PledgeProgress>> {
    let mut list = engine.view.with(|v| PLEDGE_PROGRESS.entries(v));
    list.sort_by(|a, b| a.data.date.cmp(&b.data.date).then(a.id.cmp(&b.id)));
    list
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

/// A talk record the member took part in, with its counterparts' answers as this phone
/// knows them (the writer receives every answer; a counterpart only their own).
#[derive(Clone, Debug, PartialEq)]
pub struct TalkEntry {
    pub id: Uuid,
    pub writer: MemberId,
    pub record: TalkRecord,
    pub answers: Vec<(MemberId, TalkConfirmation)>,
    /// The member's own answer's record id, to change it rather than add a second.
    pub my_answer: Option<(Uuid, TalkConfirmation)>,
    pub pending: bool,
    /// The server holds a version (its member counterparts can no longer be removed).
    pub on_server: bool,
    pub refused: Option<ApiError>,
}

impl TalkEntry {
    /// The status as `me` can know it: the writer receives every counterpart's answer; a
    /// counterpart only their own, so for them it is the status of their answer.
    pub fn status(&self, me: MemberId) -> TalkStatus {
        let given: Vec<(MemberId, &TalkConfirmation)> =
            self.answers.iter().map(|(m, c)| (*m, c)).collect();
        if self.writer == me {
            TalkStatus::of(&self.record, &given)
        } else {
            let mine = TalkRecord {
                members: vec![me],
                ..self.record.clone()
            };
            TalkStatus::of(&mine, &given)
        }
    }

    /// Confirmed by some counterpart: the server takes no edits but the follow-up's mark.
    pub fn fixed(&self) -> bool {
        self.answers.iter().any(|(_, c)| c.is_confirmed())
    }
}

/// The talks `me` wrote or is named in, newest first (reactive). Summaries (what the
/// secretary and committee pull of others' talks) are not the member's talks.
pub fn talks(engine: SyncEngine, me: MemberId) -> Vec<TalkEntry> {
    engine.view.with(|v| {
        let answers: Vec<(Uuid, MemberId, TalkConfirmation)> = v
            .iter()
            .filter_map(|r| {
                let c = TALK_CONFIRMATION.read(r)?;
                Some((r.id, r.owner.map_or(me, MemberId), c))
            })
            .collect();
        let mut list: Vec<TalkEntry> = v
            .iter()
            .filter_map(|r| {
                let t = TALK.read(r)?;
                let writer = r.owner.map_or(me, MemberId);
                if !t.took_part(writer, me) {
                    return None;
                }
                let mine: Vec<_> = answers
                    .iter()
                    .filter(|(_, _, c)| c.talk_id == r.id)
                    .collect();
                Some(TalkEntry {
                    id: r.id,
                    writer,
                    record: t,
                    answers: mine.iter().map(|(_, by, c)| (*by, c.clone())).collect(),
                    my_answer: mine
                        .iter()
                        .find(|(_, by, _)| *by == me)
                        .map(|(id, _, c)| (*id, c.clone())),
                    pending: r.pending,
                    on_server: r.revision.is_some(),
                    refused: r.rejected.clone(),
                })
            })
            .collect();
        list.sort_by(|a, b| b.record.date.cmp(&a.record.date).then(b.id.cmp(&a.id)));
        list
    })
}

/// The members `me` still owes a talk in `year`: the model's coverage over the branch
/// roster and the talks this phone holds (all of the member's own, with their answers).
pub fn still_to_talk(
    roster: &[RosterMember],
    talks: &[TalkEntry],
    me: MemberId,
    year: i32,
) -> Vec<RosterMember> {
    let people: Vec<(MemberId, zhibu_model::Role)> =
        roster.iter().map(|m| (m.id, m.role)).collect();
    let facts: Vec<TalkFact> = talks
        .iter()
        .map(|t| TalkFact {
            writer: t.writer,
            counterparts: t.record.members.clone(),
            date: t.record.date,
            confirmed_by: t
                .answers
                .iter()
                .filter(|(_, c)| c.is_confirmed())
                .map(|(by, _)| *by)
                .collect(),
        })
        .collect();
    talk_coverage(&people, &facts, year)
        .missing
        .into_iter()
        .filter_map(|(Pair(a, b), _)| match (a == me, b == me) {
            (true, _) => Some(b),
            (_, true) => Some(a),
            _ => None,
        })
        .filter_map(|other| roster.iter().find(|m| m.id == other).cloned())
        .collect()
}

/// Where the member's branch roster is kept for offline starts (per member: a shared
/// phone must not mix two branches' rosters).
fn roster_key(me: MemberId) -> String {
    format!("zhibu.roster.{me}")
}

/// The member's branch roster: the cached copy at once, then the server's answer when
/// there is a connection (as the study profile).
pub fn roster(
    me: MemberId,
    lang: zhibu_model::Lang,
) -> leptos::prelude::RwSignal<Vec<RosterMember>> {
    use crate::i18n::local_storage;
    use leptos::prelude::*;
    let key = roster_key(me);
    let cached: Option<Vec<RosterMember>> = local_storage()
        .and_then(|s| s.get_item(&key).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok());
    let roster = RwSignal::new(cached.unwrap_or_default());
    leptos::task::spawn_local(async move {
        if let Ok(fresh) = crate::api::roster(lang).await {
            if let (Some(s), Ok(json)) = (local_storage(), serde_json::to_string(&fresh)) {
                let _ = s.set_item(&key, &json);
            }
            roster.set(fresh);
        }
    });
    roster
}

/// Replaces the phone's copy of the member's branch roster (after a change made here).
pub fn store_roster(me: MemberId, roster: &[RosterMember]) {
    if let (Some(s), Ok(json)) = (crate::i18n::local_storage(), serde_json::to_string(roster)) {
        let _ = s.set_item(&roster_key(me), &json);
    }
}

/// A member's display name from the roster (an id not on it shows as a dash).
pub fn name_of(roster: &[RosterMember], id: MemberId) -> String {
    roster
        .iter()
        .find(|m| m.id == id)
        .map_or_else(|| "—".to_owned(), |m| m.display_name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhibu_model::Role;
    use zhibu_model::talk::{TalkKind, Verdict};

    fn member(name: &str, role: Role) -> RosterMember {
        RosterMember {
            id: MemberId::new(),
            display_name: name.into(),
            role,
            party_group: None,
        }
    }

    fn talk(writer: MemberId, with: &[MemberId], date: &str, confirmed: &[MemberId]) -> TalkEntry {
        let record = TalkRecord {
            date: date.parse().unwrap(),
            kind: TalkKind::HeartToHeart,
            members: with.to_vec(),
            outside: vec![],
            place: String::new(),
            topics: "谈心".into(),
            issues: String::new(),
            follow_up: String::new(),
            follow_up_due: None,
            follow_up_done: None,
        };
        let id = Uuid::now_v7();
        TalkEntry {
            id,
            writer,
            answers: confirmed
                .iter()
                .map(|m| {
                    (
                        *m,
                        TalkConfirmation {
                            talk_id: id,
                            verdict: Verdict::Confirmed,
                        },
                    )
                })
                .collect(),
            record,
            my_answer: None,
            pending: false,
            on_server: true,
            refused: None,
        }
    }

    #[test]
    fn still_to_talk_is_whom_the_member_has_no_confirmed_talk_with_this_year() {
        let sec = member("林晓岚", Role::Secretary);
        let me = member("王建国", Role::Member);
        let li = member("李秀英", Role::Member);
        let zhang = member("张海峰", Role::Member);
        let roster = vec![sec.clone(), me.clone(), li.clone(), zhang.clone()];
        let talks = [
            // The secretary wrote it and I confirmed it: done, whoever wrote it.
            talk(sec.id, &[me.id], "2026-03-01", &[me.id]),
            // Mine with 李秀英, not confirmed yet: still owed.
            talk(me.id, &[li.id], "2026-04-01", &[]),
            // With 张海峰, but last year.
            talk(me.id, &[zhang.id], "2025-12-31", &[zhang.id]),
        ];
        let owed: Vec<String> = still_to_talk(&roster, &talks, me.id, 2026)
            .into_iter()
            .map(|m| m.display_name)
            .collect();
        assert_eq!(owed.len(), 2);
        assert!(owed.contains(&"李秀英".to_owned()) && owed.contains(&"张海峰".to_owned()));
        assert!(
            still_to_talk(&roster, &talks, me.id, 2025)
                .iter()
                .all(|m| m.id != zhang.id)
        );
    }

    #[test]
    fn a_counterpart_sees_the_status_of_their_own_answer() {
        let (w, a, b) = (MemberId::new(), MemberId::new(), MemberId::new());
        let t = talk(w, &[a, b], "2026-03-01", &[a]);
        assert_eq!(t.status(w), TalkStatus::Unconfirmed);
        assert_eq!(t.status(a), TalkStatus::Confirmed);
        assert!(t.fixed());
    }
}
