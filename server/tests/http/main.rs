//! The HTTP-level tests, as one test binary (each module used to be a binary of its own, and
//! each linked the whole application). Run one module with a filter:
//! `cargo test -p prefcentre --test http site::` (both back-ends) or `site::sqlite::`.

// Tests spell out their tables of cases inline, and a test's server child is reaped by the
// test that started it.
#![allow(clippy::type_complexity, clippy::zombie_processes)]

#[macro_use]
mod common;

mod account;
mod admin;
mod admin_act;
mod admin_manage;
mod admin_roles;
mod auth;
mod cli;
mod config;
mod consents;
mod faults;
mod hardening;
mod languages;
mod middleware;
mod newsletter;
mod outbox;
mod platform;
mod properties;
mod rights;
mod routes;
mod sender_api;
mod site;
