//! Times parsing a file against the gotmpl crate (the speed reference), interleaved batches,
//! minimum per parse over batches (robust on a loaded machine): ptime FILE [ROUNDS]
use std::hint::black_box;
use std::time::Instant;

/// Time per call of `f` over a batch of 10 calls.
fn batch(mut f: impl FnMut()) -> f64 {
    let t = Instant::now();
    for _ in 0..10 {
        f();
    }
    t.elapsed().as_secs_f64() / 10.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let text = std::fs::read_to_string(args.next().expect("file")).unwrap();
    let rounds: usize = args.next().map_or(300, |s| s.parse().unwrap());
    let funcs = |_: &str| true;
    let opts = cw_syntax::ParseOptions::new("t", &funcs);
    let (mut ours, mut theirs) = (f64::MAX, f64::MAX);
    for _ in 0..rounds {
        ours = ours.min(batch(|| {
            black_box(cw_syntax::parse(black_box(&text), &opts));
        }));
        theirs = theirs.min(batch(|| {
            let p =
                gotmpl::parse::Parser::new(black_box(&text), "{{", "}}").and_then(|p| p.parse());
            black_box(p.is_ok());
        }));
    }
    println!(
        "cw-syntax {:.1} µs, gotmpl {:.1} µs (min per parse over {rounds} interleaved batches of 10): {:.2}x",
        ours * 1e6,
        theirs * 1e6,
        theirs / ours
    );
}
