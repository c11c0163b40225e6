//! The attendance sheet as the secretary taps it: one line per member with three buttons
//! (present / on leave / absent) and the totals. The marks shown are this phone's sheet
//! laid over the server's last answer, so tapping offline shows at once.

use crate::i18n::{EvKey, use_i18n};
use leptos::prelude::*;
use zhibu_model::MemberId;
use zhibu_model::attendance::{AttendanceSheet, Presence, SheetLine, SheetView, presence};

/// The server's sheet with this phone's marks and accepted check-ins laid over it; the
/// totals are counted again from the lines.
pub fn overlay(
    server: &SheetView,
    local: Option<&AttendanceSheet>,
    checked_in: &[MemberId],
) -> SheetView {
    let lines: Vec<SheetLine> = server
        .lines
        .iter()
        .map(|l| {
            let checked = l.checked_in || checked_in.contains(&l.member_id);
            let approved = l
                .answer
                .as_ref()
                .is_some_and(|a| a.rsvp.is_leave() && a.leave_approved == Some(true));
            let mark = local
                .and_then(|s| s.get(l.member_id))
                .or(l.presence.filter(|_| local.is_none()));
            SheetLine {
                checked_in: checked,
                presence: mark.or_else(|| presence(None, checked, approved, l.member_id)),
                ..l.clone()
            }
        })
        .collect();
    let count = |p: Option<Presence>| lines.iter().filter(|l| l.presence == p).count() as u32;
    SheetView {
        event_id: server.event_id,
        expected: lines.iter().filter(|l| l.expected).count() as u32,
        present: count(Some(Presence::Present)),
        on_leave: count(Some(Presence::OnLeave)),
        absent: count(Some(Presence::Absent)),
        unmarked: count(None),
        lines,
    }
}

const MARKS: [Presence; 3] = [Presence::Present, Presence::OnLeave, Presence::Absent];

#[component]
pub fn AttendanceTable(
    #[prop(into)] view: Signal<SheetView>,
    /// Called with the member and the mark tapped.
    on_mark: Callback<(MemberId, Presence)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let total = move |k: EvKey, n: fn(&SheetView) -> u32| {
        view! {
            <div class="total">
                <span class="total-n">{move || view.with(n)}</span>
                <span class="total-label">{i18n.tr(k)}</span>
            </div>
        }
    };
    view! {
        <div class="totals" data-testid="sheet-totals">
            {total(EvKey::Expected, |v| v.expected)}
            {total(EvKey::Present, |v| v.present)}
            {total(EvKey::OnLeave, |v| v.on_leave)}
            {total(EvKey::Absent, |v| v.absent)}
            {total(EvKey::Unmarked, |v| v.unmarked)}
        </div>
        <ul class="sheet">
            {move || view.get().lines.into_iter().map(|l| {
                let member = l.member_id;
                let name = l.display_name.clone();
                let note = {
                    let mut bits = Vec::new();
                    if l.checked_in { bits.push(EvKey::CheckedIn); }
                    if let Some(a) = &l.answer {
                        bits.push(if a.rsvp.is_leave() { EvKey::AskedLeave } else { EvKey::Attending });
                    }
                    move || bits.iter().map(|k| i18n.t(*k)).collect::<Vec<_>>().join(" · ")
                };
                view! {
                    <li class="sheet-line" data-member=member.0.to_string()>
                        <span class="sheet-name">{name.clone()}</span>
                        <span class="sheet-note">{note}</span>
                        <div class="marks" role="group" aria-label=name>
                            {MARKS.into_iter().map(|p| view! {
                                <button type="button" class="mark" class:mark-on=l.presence == Some(p)
                                    aria-pressed=if l.presence == Some(p) { "true" } else { "false" }
                                    on:click=move |_| on_mark.run((member, p))>
                                    {move || p.label(i18n.lang())}
                                </button>
                            }).collect_view()}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
