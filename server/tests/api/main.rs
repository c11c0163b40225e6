//! The server's HTTP behaviour, against a real server on a free port and a fresh SQLite
//! file per test. One test binary (modules below) so the suite links once.

mod common;

mod demo;
mod events;
mod feedback;
mod hardening;
mod login;
mod openapi;
mod org;
mod org_setup;
mod party_groups;
mod password;
mod pledges;
mod rate_limit;
mod refusals;
mod roster;
mod sessions;
mod static_files;
mod study;
mod sync;
mod talks;
mod text_and_dates;
