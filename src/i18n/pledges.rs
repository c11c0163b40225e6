//! The strings of the pledge pages (`Key::Pl`).

/// Keys of the pledge pages' strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlKey {
    Templates,
    NoTemplates,
}

pub(super) fn pl(key: PlKey) -> (&'static str, &'static str) {
    match key {
        PlKey::Templates => ("本支部的承诺", "This branch's pledges"),
        PlKey::NoTemplates => (
            "支部还没有发布今年的承诺模板",
            "The branch has not published this year's pledges yet",
        ),
    }
}
