//! Parse benchmark (placeholder fixture filled in below).
fn main() {}
