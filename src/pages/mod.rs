//! One file per route.

pub mod events;
pub mod home;
pub mod login;
pub mod me;
pub mod not_found;
pub mod pledges;
pub mod study;
pub mod talks;
