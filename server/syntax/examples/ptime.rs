//! Times parsing a file (minimum over batches, robust on a loaded machine): ptime FILE
//! Prints the parse time with and without dropping the result.
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(path).unwrap();
    let funcs = |_: &str| true;
    let opts = cw_syntax::ParseOptions::new("t", &funcs);
    let mut best = f64::MAX;
    let mut best_nodrop = f64::MAX;
    for _ in 0..300 {
        let t = Instant::now();
        for _ in 0..10 {
            std::hint::black_box(cw_syntax::parse(std::hint::black_box(&text), &opts));
        }
        best = best.min(t.elapsed().as_secs_f64() / 10.0);
        let mut keep = Vec::with_capacity(10);
        let t = Instant::now();
        for _ in 0..10 {
            keep.push(cw_syntax::parse(std::hint::black_box(&text), &opts));
        }
        best_nodrop = best_nodrop.min(t.elapsed().as_secs_f64() / 10.0);
        drop(keep);
    }
    println!(
        "parse+drop min {:.1} µs, parse only {:.1} µs",
        best * 1e6,
        best_nodrop * 1e6
    );
}
