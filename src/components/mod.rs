//! Widgets shared by the pages.

pub mod change_password;
pub mod field;
pub mod form;
pub mod icons;
pub mod lang_switch;
pub mod nav;
pub mod not_yet_built;
pub mod shell;
