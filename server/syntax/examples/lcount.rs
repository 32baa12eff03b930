//! Lexes a file N times (for instruction counting under valgrind): lcount FILE N
fn main() {
    let mut args = std::env::args().skip(1);
    let text = std::fs::read_to_string(args.next().expect("file")).unwrap();
    let n: usize = args.next().map_or(20, |s| s.parse().unwrap());
    for _ in 0..n {
        std::hint::black_box(cw_syntax::__lex_count(std::hint::black_box(&text)));
    }
}
