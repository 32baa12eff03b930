//! Benchmark: loading a generated ~5,000-line values file with Helm's semantics.

use criterion::{criterion_group, criterion_main, Criterion};

fn values_text() -> String {
    let mut s = String::new();
    for i in 0..250 {
        s.push_str(&format!(
            "component{i}:\n  enabled: yes\n  replicas: {i}\n  image:\n    repository: registry.example.com/team/app{i}\n    tag: \"1.{i}.0\"\n    pullPolicy: IfNotPresent\n  resources:\n    limits: {{cpu: 500m, memory: 512Mi}}\n    requests:\n      cpu: 0.25\n      memory: 256Mi\n  env:\n    - name: LOG_LEVEL\n      value: info\n    - name: RATIO\n      value: \"0.5\"\n  annotations:\n    note: |\n      multi-line text for {i}\n      second line ✓\n  ports: [80, 443, 0x1F90]\n"
        ));
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = values_text();
    assert!(text.lines().count() >= 5000);
    c.bench_function("load 5000-line values", |b| {
        b.iter(|| cw_yaml::load(std::hint::black_box(&text)))
    });
    // Reference point: the parser's events alone, without any of our work.
    c.bench_function("saphyr-parser events only", |b| {
        b.iter(|| {
            let mut parser = saphyr_parser::Parser::new_from_str(std::hint::black_box(&text));
            let mut n = 0usize;
            while let Some(Ok(_)) = parser.next_event() {
                n += 1;
            }
            n
        })
    });
    let value = cw_yaml::GoValue::from_node(cw_yaml::load(&text).root.as_ref().unwrap());
    c.bench_function("toYaml of the loaded values", |b| {
        b.iter(|| cw_yaml::to_yaml(std::hint::black_box(&value)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
