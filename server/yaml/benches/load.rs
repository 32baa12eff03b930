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
}

criterion_group!(benches, bench);
criterion_main!(benches);
