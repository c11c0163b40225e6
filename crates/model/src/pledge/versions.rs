//! Which of a member's signed versions under one template is the pledge now in force.

use super::Pledge;
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
