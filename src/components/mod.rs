//! Widgets shared by the pages.

pub mod activity_settings;
pub mod attendance_table;
pub mod change_password;
pub mod charts;
pub mod devices;
pub mod field;
pub mod form;
pub mod icons;
pub mod lang_switch;
pub mod managers_only;
pub mod month_grid;
pub mod my_calendar;
pub mod nav;
pub mod party_groups;
pub mod pledge_follow;
pub mod qr;
pub mod saved_notice;
pub mod shell;
pub mod signature_pad;
pub mod signature_view;
pub mod study_plan;
pub mod sync_status;
pub mod talk_status;
pub mod year_overview;
