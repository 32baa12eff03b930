//! Benchmark placeholder target (filled in below in this crate's history).
fn main() {}
