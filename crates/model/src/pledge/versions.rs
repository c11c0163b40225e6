//! Which of a member's signed versions under one template is the pledge now in force,
//! and which 践诺 entries count on it.

use super::{Pledge, PledgeProgress};
use std::collections::HashSet;
use uuid::Uuid;

/// The current version among one member's versions under one template: a signed version
/// that no other signed version amends, the latest received by the server. A version
/// not yet received (signed on the phone, waiting to sync) counts as the latest, so the
/// phone shows what the member just signed. Drafts never count.
pub fn current_version<'a>(versions: impl IntoIterator<Item = (Uuid, &'a Pledge)>) -> Option<Uuid> {
    let signed: Vec<(Uuid, &Pledge)> = versions
        .into_iter()
        .filter(|(_, p)| p.is_signed())
        .collect();
    let amended: HashSet<Uuid> = signed.iter().filter_map(|(_, p)| p.replaces).collect();
    signed
        .iter()
        .filter(|(id, _)| !amended.contains(id))
        .max_by_key(|(id, p)| {
            let s = p.signed.as_ref();
            (
                s.and_then(|s| s.received_at).unwrap_or(i64::MAX),
                s.map(|s| s.signed_at),
                *id,
            )
        })
        .map(|(id, _)| *id)
}

/// Where a 践诺 entry counts on the version `current`: an entry on `current` itself counts
/// on its item; an entry on a version `current` amends (following `replaces` back) counts
/// on the item of `current` with the same text, so progress on a commitment is not lost
/// when another is added or reworded. An entry on an item the amendment dropped, or on
/// an unrelated version, does not count (`None`).
pub fn carried_item(
    current: (Uuid, &Pledge),
    versions: &[(Uuid, &Pledge)],
    entry: &PledgeProgress,
) -> Option<u32> {
    let (current_id, current_pledge) = current;
    let items = &current_pledge.text.items;
    if entry.pledge_id == current_id {
        return ((entry.item as usize) < items.len()).then_some(entry.item);
    }
    let mut next = current_pledge.replaces;
    // Each step moves to an older version; a chain longer than the versions is a cycle.
    for _ in 0..versions.len() {
        let id = next?;
        let (_, older) = versions.iter().find(|(v, _)| *v == id)?;
        if id == entry.pledge_id {
            let text = older.text.items.get(entry.item as usize)?;
            return items.iter().position(|i| i == text).map(|i| i as u32);
        }
        next = older.replaces;
    }
    None
}

/// The entries that count on `current` (see [`carried_item`]), each pointed at its item
/// there, for [`super::year_summary`].
pub fn carried_entries(
    current: (Uuid, &Pledge),
    versions: &[(Uuid, &Pledge)],
    entries: &[PledgeProgress],
) -> Vec<PledgeProgress> {
    entries
        .iter()
        .filter_map(|e| {
            carried_item(current, versions, e).map(|item| PledgeProgress {
                pledge_id: current.0,
                item,
                ..e.clone()
            })
        })
        .collect()
}
