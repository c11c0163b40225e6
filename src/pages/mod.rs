//! One file per route.

pub mod activate;
pub mod branch_pledges;
pub mod branch_settings;
pub mod branch_study;
pub mod branch_talks;
pub mod event_attendance;
pub mod event_detail;
pub mod event_form;
pub mod events;
pub mod feedback;
pub mod home;
pub mod login;
pub mod me;
pub mod not_found;
pub mod pledge_detail;
pub mod pledge_print;
pub mod pledge_sign;
pub mod pledges;
pub mod study;
pub mod study_form;
pub mod talk_detail;
pub mod talk_form;
pub mod talks;
