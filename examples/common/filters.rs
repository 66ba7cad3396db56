//! Filters written as command-line flags in a benchmark's query lines, shared by `bench_queries`
//! and `bench_watch` (included with `#[path]`, as neither reads UCDP events).

use anyhow::{bail, Result};
use sitrep::query::FilterSpec;

/// `--from 2015 --region africa` as a [`FilterSpec`] (later dates replace
/// earlier ones, names add up, as on a `--queries` line): `--from`, `--to`,
/// `--region`, `--actor`, `--event`, `--violence`, `--killed-min`.
pub fn filter_spec(words: &[String]) -> Result<FilterSpec> {
    let mut spec = FilterSpec::default();
    for pair in words.chunks(2) {
        let [flag, value] = pair else {
            bail!("a flag without a value in {words:?}");
        };
        let value = value.clone();
        match flag.as_str() {
            "--from" => spec.from = Some(value),
            "--to" => spec.to = Some(value),
            "--region" => spec.regions.push(value),
            "--actor" => spec.actors.push(value),
            "--event" => spec.events.push(value),
            "--violence" => spec.violence.push(value),
            "--killed-min" => spec.killed_min = Some(value.parse()?),
            _ => bail!("unknown filter {flag}"),
        }
    }
    Ok(spec)
}
