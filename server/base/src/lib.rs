//! Shared vocabulary of every chartwright layer: byte ranges, line indexes and findings.
//!
//! This crate has no dependencies and does no I/O. Offsets are UTF-8 byte offsets into the
//! text they index; conversion to UTF-16 (or any other encoding a client wants) happens only in
//! the language-server layer.

mod finding;
pub mod gostr;
mod line_index;
mod range;

pub use finding::{Finding, Related, Severity};
pub use line_index::{LineCol, LineIndex};
pub use range::TextRange;
