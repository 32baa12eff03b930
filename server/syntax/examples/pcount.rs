//! Parses a file N times (for instruction counting under valgrind): pcount FILE N
fn main() {
    let mut args = std::env::args().skip(1);
    let text = std::fs::read_to_string(args.next().expect("file")).unwrap();
    let n: usize = args.next().map_or(20, |s| s.parse().unwrap());
    let funcs = |_: &str| true;
    let opts = cw_syntax::ParseOptions::new("t", &funcs);
    for _ in 0..n {
        std::hint::black_box(cw_syntax::parse(std::hint::black_box(&text), &opts));
    }
}
