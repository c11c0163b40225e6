//! Widgets shared by the pages.

pub mod change_password;
pub mod charts;
pub mod field;
pub mod form;
pub mod icons;
pub mod lang_switch;
pub mod nav;
pub mod not_yet_built;
pub mod shell;
pub mod signature_pad;
pub mod signature_view;
pub mod study_plan;
pub mod sync_status;
pub mod talk_status;
