//! starboard — a static-site generator for public transparency boards (星级公开栏).
//!
//! The pipeline is visible in the module tree:
//! [`load`] (walk + parse YAML into raw types) → [`validate`] (raw → typed [`model`], every problem
//! collected as a [`diag::Diagnostic`]) → [`aggregate`] (per-region, per-year figures) →
//! [`render`] (site pages, data files) — orchestrated by [`pipeline`] and driven by [`cli`].
//! Around it: [`serve`] (preview with live reload), [`init`] (a starter site) and
//! [`load::schema`] (JSON Schemas for editors).

pub mod aggregate;
pub mod cli;
pub mod devtools;
pub mod diag;
pub mod diff;
pub mod history;
pub mod import;
pub mod init;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod print;
pub mod render;
pub mod serve;
pub mod validate;
