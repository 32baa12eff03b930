//! Times lexing only (debug aid).
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(path).unwrap();
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..300 {
        let t = Instant::now();
        for _ in 0..10 {
            n = std::hint::black_box(cw_syntax::__lex_count(std::hint::black_box(&text)));
        }
        best = best.min(t.elapsed().as_secs_f64() / 10.0);
    }
    println!("tokens {n} min {:.1} µs", best * 1e6);
}
