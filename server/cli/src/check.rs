//! `chartwright check CHART...`: loader, Chart.yaml and dependency findings for each chart.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use cw_base::Finding;
use cw_chart::{Chart, DiskFs};

use crate::render::{location, write_finding};

/// Checks every chart; returns whether any error was found.
pub fn run(charts: &[PathBuf], out: &mut dyn Write) -> io::Result<bool> {
    let mut counts = [0usize; 3];
    for path in charts {
        let (loaded, mut findings) = cw_lint::lint(&DiskFs, path);
        sort_findings(&mut findings);
        for f in &findings {
            let shown = display_path(path, &f.file);
            let text = source_text(&loaded.chart, &f.file);
            let related: Vec<String> = f
                .related
                .iter()
                .map(|r| {
                    let shown = display_path(path, &r.file);
                    let at = match (r.range, source_text(&loaded.chart, &r.file)) {
                        (Some(range), Some(text)) => location(&shown, &text, range),
                        _ => shown,
                    };
                    format!("{}: {at}", r.message)
                })
                .collect();
            write_finding(out, f, &shown, text.as_deref(), &related)?;
            // Severity orders Info < Warning < Error, which indexes `counts`.
            counts[f.severity as usize] += 1;
        }
    }
    let [infos, warnings, errors] = counts;
    writeln!(
        out,
        "checked {} chart{}: {} error{}, {} warning{}, {} info{}",
        charts.len(),
        plural(charts.len()),
        errors,
        plural(errors),
        warnings,
        plural(warnings),
        infos,
        plural(infos)
    )?;
    Ok(errors > 0)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Orders findings by file, then position (whole-file findings first), then code.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.file, a.range.map(|r| r.start()), a.code).cmp(&(
            &b.file,
            b.range.map(|r| r.start()),
            b.code,
        ))
    });
}

fn display_path(chart: &Path, file: &Path) -> String {
    if file.as_os_str().is_empty() {
        chart.display().to_string()
    } else {
        chart.join(file).display().to_string()
    }
}

/// The text of a chart file (relative to the root chart), looked up in the loaded model so that
/// files inside archives and subcharts are found too.
pub fn source_text(chart: &Chart, file: &Path) -> Option<String> {
    let name = file.to_str()?;
    let mut c = chart;
    'descend: loop {
        let rest = name.strip_prefix(c.prefix.as_str())?;
        for sub in &c.dependencies {
            if name.starts_with(sub.prefix.as_str()) {
                c = sub;
                continue 'descend;
            }
        }
        return c
            .file(rest)
            .map(|f| String::from_utf8_lossy(&f.data).into_owned());
    }
}
