//! Human-readable output of searches, facet trees, stats and extractions.

use std::io::{self, Write};

use super::Style;
use crate::article::Article;
use crate::enrich::ExtractionReport;
use crate::enrich::{CasualtyKind, Range};
use crate::facets::{CountedFacets, FacetCount, FacetField, FacetTrees, Sum};
use crate::groups::{Collapse, CopyGroup, Story};
use crate::language::Language;
use crate::query::{Filters, Highlight, WordScore};
use crate::render::snippet::highlight_ranges;
use crate::search::{SearchHit, SearchResults, StoredArticle};
use crate::stats::IndexStats;
use crate::trends::{Change, Level, Point, Trends};
use crate::watch::{WatchReport, Watches};

/// How many region/actor names a hit shows before `+N`.
const NAMES_PER_HIT: usize = 6;
/// How many values per facet `search --facets` shows.
const FACET_VALUES_UNDER_HITS: usize = 8;

/// Prints a page of search results, `offset` hits in, under a header that
/// names the query and the active `filters`.
pub fn write_search(
    out: &mut dyn Write,
    results: &SearchResults,
    offset: usize,
    filters: &Filters,
    style: Style,
) -> io::Result<()> {
    let shown = results.hits.len();
    let range = if shown > 0 {
        format!(", showing {}-{}", offset + 1, offset + shown)
    } else if offset > 0 && offset >= results.total && results.total > 0 {
        format!(", none from {}: the last is {}", offset + 1, results.total)
    } else {
        String::new()
    };
    let what = if results.query.trim().is_empty() {
        "all articles".to_string()
    } else {
        format!("`{}`", results.query)
    };
    let filtered = filters
        .describe()
        .map_or_else(String::new, |d| format!(" with {d}"));
    let grouped = match (results.groups, results.collapse) {
        (Some(n), Some(Collapse::Stories)) => {
            format!(" in {n} {}", if n == 1 { "story" } else { "stories" })
        }
        (Some(n), _) => format!(" in {}", plural(n as u64, "group")),
        (None, _) => String::new(),
    };
    writeln!(
        out,
        "{}{grouped} for {what}{filtered} ({:.1} ms{range})",
        style.bold(&plural(results.total as u64, "hit")),
        results.took_ms
    )?;
    for (i, hit) in results.hits.iter().enumerate() {
        writeln!(out)?;
        write_hit(out, hit, offset + i + 1, style)?;
    }
    if let Some(trees) = &results.facets {
        writeln!(out)?;
        write_facet_summary(out, trees, style)?;
    }
    Ok(())
}

/// Prints what one watch reported: a line naming it and its search, the
/// new documents as `search` prints hits, and a note if there is one.
pub fn write_watch_report(
    out: &mut dyn Write,
    report: &WatchReport,
    style: Style,
) -> io::Result<()> {
    let flags = report.filters.to_flags();
    writeln!(
        out,
        "{} {} for {}{}{} ({:.1} ms)",
        style.bold(&format!("watch {}:", report.watch)),
        style.bold(&format!("{} new", report.total)),
        if report.query.is_empty() {
            "all articles".to_string()
        } else {
            format!("`{}`", report.query)
        },
        if flags.is_empty() { "" } else { " " },
        flags,
        report.took_ms
    )?;
    if let Some(note) = &report.note {
        writeln!(out, "     {}", style.dim(&format!("note: {note}")))?;
    }
    if report.reprints > 0 {
        let line = format!(
            "{} of texts it had seen before, not shown",
            plural(report.reprints as u64, "reprint")
        );
        writeln!(out, "     {}", style.dim(&line))?;
    }
    for (i, hit) in report.hits.iter().enumerate() {
        writeln!(out)?;
        write_hit(out, hit, i + 1, style)?;
    }
    let more = report.total - report.hits.len();
    if more > 0 {
        writeln!(out)?;
        let line = format!("... and {more} more, remembered (`--all` prints every report)");
        writeln!(out, "     {}", style.dim(&line))?;
    }
    Ok(())
}

/// Prints `sitrep watch list`: each watch with its search, when it was
/// saved and last ran, and how many documents it reported.
pub fn write_watch_list(out: &mut dyn Write, watches: &Watches, style: Style) -> io::Result<()> {
    if watches.watches.is_empty() {
        return writeln!(
            out,
            "no watches yet: `sitrep watch add NAME QUERY [filters]` saves one"
        );
    }
    for watch in &watches.watches {
        writeln!(
            out,
            "{}  {}",
            style.bold(watch.name.as_str()),
            watch.describe()
        )?;
        let state = &watch.state;
        writeln!(
            out,
            "     {}",
            style.dim(&format!(
                "saved {}; {}; {} reported",
                watch.created,
                state
                    .last_run
                    .as_deref()
                    .map_or("never run".to_string(), |t| format!("last run {t}")),
                plural(state.reported, "document")
            ))
        )?;
    }
    Ok(())
}

fn write_hit(out: &mut dyn Write, hit: &SearchHit, rank: usize, style: Style) -> io::Result<()> {
    writeln!(
        out,
        "{:>3}. {}  {}",
        rank,
        style.date(&hit.date),
        style.bold(&hit.title)
    )?;
    let credit = match (hit.source.as_str(), hit.dateline.as_str()) {
        ("", "") => String::new(),
        (s, "") => format!("{s} · "),
        ("", d) => format!("{d} · "),
        (s, d) => format!("{s}, {d} · "),
    };
    writeln!(out, "     {credit}{}", style.dim(&hit.path))?;
    for (label, value) in [
        ("topic", hit.topic.clone()),
        ("regions", leaf_list(&hit.regions)),
        ("actors", leaf_list(&hit.actors)),
        ("events", leaf_list(&hit.events)),
        ("violence", leaf_list(&hit.violence)),
        ("language", foreign(hit.language)),
        ("casualties", casualty_list(&hit.casualties)),
    ] {
        if !value.is_empty() {
            writeln!(out, "     {} {value}", style.label(&format!("{label}:")))?;
        }
    }
    if !hit.snippet.is_empty() {
        writeln!(out, "     {}", render_snippet(hit, style))?;
    }
    let folded = [&hit.copy, &hit.story]
        .into_iter()
        .flatten()
        .find(|g| g.similar.is_some());
    if let Some(group) = folded {
        write_similar(out, group, style)?;
    }
    if let Some(words) = &hit.explain {
        writeln!(
            out,
            "     {} {}",
            style.label("score:"),
            explanation(hit.score, words)
        )?;
    }
    Ok(())
}

/// `7.42 = syrian 4.10 (body 3.20, region Syria 3.00) + war 3.32 (title 3.32)`.
fn explanation(score: Option<f32>, words: &[WordScore]) -> String {
    let parts: Vec<String> = words
        .iter()
        .map(|w| {
            let fields: Vec<String> = w
                .parts
                .iter()
                .map(|p| format!("{} {:.2}", p.part, p.score))
                .collect();
            format!("{} {:.2} ({})", w.word, w.score, fields.join(", "))
        })
        .collect();
    let total = score.map_or(String::new(), |s| format!("{s:.2} = "));
    if parts.is_empty() {
        format!("{total}no word of the query broken down")
    } else {
        format!("{total}{}", parts.join(" + "))
    }
}

/// Under a collapsed hit: "+N similar", the sources of the group's other
/// members and the group id for `sitrep story`.
fn write_similar(out: &mut dyn Write, group: &CopyGroup, style: Style) -> io::Result<()> {
    let others = group.members.saturating_sub(1);
    if others == 0 {
        return Ok(());
    }
    let (sources, more) = group.other_sources();
    let more = if more { ", ..." } else { "" };
    writeln!(
        out,
        "     {} {}{more}  {}",
        style.label(&format!("+{others} similar:")),
        sources.join(", "),
        style.dim(&format!("(sitrep story {})", group.id))
    )
}

/// Prints `sitrep story`: the group id, then each member, the lead first.
pub fn write_story(out: &mut dyn Write, story: &Story, style: Style) -> io::Result<()> {
    writeln!(
        out,
        "{} {}: {}",
        style.bold("group"),
        story.id,
        plural(story.members.len() as u64, "article")
    )?;
    for (i, member) in story.members.iter().enumerate() {
        writeln!(out)?;
        let lead = if i == 0 { "  (lead)" } else { "" };
        writeln!(
            out,
            "{:>3}. {}  {}{lead}",
            i + 1,
            style.date(&member.date),
            style.bold(&member.title)
        )?;
        let source = if member.source.is_empty() {
            String::new()
        } else {
            format!("{} · ", member.source)
        };
        writeln!(out, "     {source}{}", style.dim(&member.path))?;
        writeln!(out, "     {}", style.dim(&format!("id {}", member.id)))?;
    }
    Ok(())
}

/// Prints one stored article for `sitrep show`: date, title, credit, path,
/// regions and actors, then the summary and body with the words of
/// `highlight` (the query) marked.
pub fn write_article(
    out: &mut dyn Write,
    article: &StoredArticle,
    highlight: Option<&Highlight>,
    style: Style,
) -> io::Result<()> {
    let marked = |text: &str| match highlight {
        None => text.to_string(),
        Some(h) => {
            let mut shown = String::new();
            let mut at = 0;
            for (start, end) in highlight_ranges(h, article.language, text) {
                shown.push_str(&text[at..start]);
                shown.push_str(&style.highlight(&text[start..end]));
                at = end;
            }
            shown.push_str(&text[at..]);
            shown
        }
    };
    writeln!(
        out,
        "{}  {}",
        style.date(&article.date),
        style.bold(&marked(&article.title))
    )?;
    let credit = [article.source.as_str(), article.dateline.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    for (label, value) in [
        ("id", article.id.clone()),
        ("source", credit),
        ("path", article.path.clone()),
        ("url", article.url.clone()),
        ("topic", marked(&article.topic)),
        ("regions", leaf_list(&article.regions)),
        ("actors", leaf_list(&article.actors)),
        ("events", leaf_list(&article.events)),
        ("violence", leaf_list(&article.violence)),
        ("language", foreign(article.language)),
        ("casualties", casualty_list(&article.casualties)),
    ] {
        if !value.is_empty() {
            writeln!(out, "{} {}", style.label(&format!("{label}:")), value)?;
        }
    }
    for count in &article.counts {
        let c = &count.casualty;
        writeln!(
            out,
            "  {} {} {}: {}",
            c.kind.name(),
            Range {
                min: c.min,
                max: c.max
            },
            style.dim(&format!("({}, {})", c.amount, c.rule)),
            count.sentence_text.trim()
        )?;
    }
    for text in [&article.summary, &article.body] {
        if !text.is_empty() {
            writeln!(out, "\n{}", marked(text))?;
        }
    }
    Ok(())
}

/// The snippet with its highlights marked and `…` where text was cut.
pub fn render_snippet(hit: &SearchHit, style: Style) -> String {
    let mut out = String::new();
    if hit.cut.0 {
        out.push('…');
    }
    let mut at = 0;
    for &[start, end] in &hit.highlights {
        out.push_str(&hit.snippet[at..start]);
        out.push_str(&style.highlight(&hit.snippet[start..end]));
        at = end;
    }
    out.push_str(&hit.snippet[at..]);
    if hit.cut.1 {
        out.push('…');
    }
    out
}

fn leaf_list(paths: &[String]) -> String {
    let leaves: Vec<&str> = paths.iter().map(|p| leaf(p)).collect();
    let mut list = leaves
        .iter()
        .take(NAMES_PER_HIT)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if leaves.len() > NAMES_PER_HIT {
        list.push_str(&format!(" +{}", leaves.len() - NAMES_PER_HIT));
    }
    list
}

/// The language, named when it is not English (the default: most reports
/// are, and a line on each would say nothing).
fn foreign(language: Language) -> String {
    match language {
        Language::English => String::new(),
        other => format!("{} ({})", other.name(), other.code()),
    }
}

/// `killed 30, injured 5-9`: an article's casualty totals.
fn casualty_list(totals: &std::collections::BTreeMap<CasualtyKind, Range>) -> String {
    totals
        .iter()
        .map(|(kind, r)| format!("{} {r}", kind.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `40 killed`, `40-52 killed`: a sum of casualties.
fn sum_text(kind: CasualtyKind, sum: Sum) -> String {
    format!("{sum} {}", kind.name())
}

fn leaf(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn write_facet_summary(out: &mut dyn Write, trees: &FacetTrees, style: Style) -> io::Result<()> {
    let leaves = |tree: &[FacetCount], depth: usize| -> Vec<FacetCount> {
        let mut all: Vec<FacetCount> = tree
            .iter()
            .flat_map(|n| n.flatten())
            .filter(|n| n.path.matches('/').count() == depth)
            .cloned()
            .collect();
        all.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        all
    };
    if let Some(by) = trees.by {
        writeln!(
            out,
            "{}",
            style.label(&format!("counted in {}:", by.name()))
        )?;
    }
    let mut years: Vec<FacetCount> = trees.date.clone();
    years.sort_by(|a, b| b.label.cmp(&a.label));
    for (label, values) in [
        ("countries", leaves(&trees.region, 3)),
        ("actors", leaves(&trees.actor, 2)),
        ("events", leaves(&trees.event, 1)),
        ("years", years),
    ] {
        let shown: Vec<String> = values
            .iter()
            .take(FACET_VALUES_UNDER_HITS)
            .map(|v| format!("{} {}", v.label, style.dim(&v.count.to_string())))
            .collect();
        if !shown.is_empty() {
            writeln!(
                out,
                "{} {}",
                style.label(&format!("{label}:")),
                shown.join(" · ")
            )?;
        }
    }
    if trees.killed != Sum::default() {
        writeln!(
            out,
            "{} {}",
            style.label("reported:"),
            sum_text(CasualtyKind::Killed, trees.killed)
        )?;
    }
    Ok(())
}

/// Prints a facet tree, one node a line, children indented under parents;
/// with the casualties of kind `sum` each node reports, when counted.
pub fn write_facet_tree(
    out: &mut dyn Write,
    nodes: &[FacetCount],
    top: usize,
    sum: Option<CasualtyKind>,
    style: Style,
) -> io::Result<()> {
    fn walk(
        out: &mut dyn Write,
        nodes: &[FacetCount],
        indent: usize,
        top: usize,
        sum: Option<CasualtyKind>,
        style: Style,
    ) -> io::Result<()> {
        for node in nodes.iter().take(top) {
            let summed = match (sum, node.sum) {
                (Some(kind), Some(s)) => format!("  {}", sum_text(kind, s)),
                _ => String::new(),
            };
            writeln!(
                out,
                "{}{} {}{summed}",
                "  ".repeat(indent),
                node.label,
                style.dim(&node.count.to_string())
            )?;
            walk(out, &node.children, indent + 1, top, sum, style)?;
        }
        if nodes.len() > top {
            writeln!(
                out,
                "{}{}",
                "  ".repeat(indent),
                style.dim(&format!("… {} more", nodes.len() - top))
            )?;
        }
        Ok(())
    }
    walk(out, nodes, 0, top, sum, style)
}

/// `1 hit`, `2 hits`.
pub fn plural(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Prints `sitrep trends`: a header with the query, filters, periods and
/// norms, then per series (all matching reports, the top countries, the top
/// actors) its total and each flagged period with its comparisons, and the
/// latest period shown. `--json` lists every period.
pub fn write_trends(
    out: &mut dyn Write,
    trends: &Trends,
    filters: &Filters,
    style: Style,
) -> io::Result<()> {
    let what = if trends.query.trim().is_empty() {
        "all reports".to_string()
    } else {
        format!("`{}`", trends.query)
    };
    let filtered = filters
        .describe()
        .map_or_else(String::new, |d| format!(" with {d}"));
    let unit = trends.by.name();
    let Some(all) = trends.series.first() else {
        return writeln!(
            out,
            "no reports to count for {what}{filtered}: the index holds none in those dates"
        );
    };
    writeln!(
        out,
        "{} of {what}{filtered} by {unit}, {} to {} ({:.1} ms)",
        style.bold("trends"),
        trends.from,
        trends.to,
        trends.took_ms
    )?;
    writeln!(
        out,
        "{}",
        style.dim(&format!(
            "flagged against the mean of the {} and the {} {unit}s before (ACLED): increase > +25%, large increase > +100%; --json lists every {unit}",
            trends.norms[0], trends.norms[1]
        ))
    )?;
    for series in &trends.series {
        let name = if series.path == "/" {
            series.label.clone()
        } else {
            format!("{} ({})", series.label, series.path)
        };
        let flagged: Vec<&Point> = series.flagged().collect();
        writeln!(
            out,
            "\n{}: {} in {}, {} flagged",
            style.bold(&name),
            plural(series.total, "report"),
            plural(series.points.len() as u64, unit),
            flagged.len()
        )?;
        for point in &flagged {
            write_trend_point(out, point, trends.norms, unit, style)?;
        }
        if let Some(latest) = series.points.last().filter(|p| p.level == Level::Normal) {
            write_trend_point(out, latest, trends.norms, unit, style)?;
        }
    }
    if all.total == 0 {
        writeln!(out, "\nnothing matches in these {unit}s")?;
    }
    Ok(())
}

/// `  2021-W39   12  large increase  +300% on the 4 weeks before (mean 3)...`
fn write_trend_point(
    out: &mut dyn Write,
    point: &Point,
    norms: [usize; 2],
    unit: &str,
    style: Style,
) -> io::Result<()> {
    let compared = |change: &Option<Change>, span: usize| {
        change.map(|c| {
            format!(
                "{} on the {span} {unit}{} before (mean {})",
                match c.percent {
                    Some(p) => format!("{p:+}%"),
                    // Nothing in the norm: anything now is new.
                    None if point.count > 0 => "new".to_string(),
                    None => "none either".to_string(),
                },
                if span == 1 { "" } else { "s" },
                c.mean
            )
        })
    };
    let comparisons: Vec<String> = [
        compared(&point.short, norms[0]),
        compared(&point.long, norms[1]),
    ]
    .into_iter()
    .flatten()
    .collect();
    let level = match point.level {
        Level::Normal => style.dim("latest"),
        flagged => style.bold(flagged.words()),
    };
    writeln!(
        out,
        "  {}  {:>5}  {level}  {}",
        style.date(&point.period),
        point.count,
        if comparisons.is_empty() {
            style.dim("no norm yet")
        } else {
            comparisons.join(", ")
        }
    )
}

/// Prints `sitrep facets`: the number of matching documents, then each tree
/// under a bold title (`region`, or `region /Africa` when rooted there);
/// `top` values per level, dates all.
pub fn write_facets(
    out: &mut dyn Write,
    counted: &CountedFacets,
    top: usize,
    style: Style,
) -> io::Result<()> {
    write!(out, "{} matching", plural(counted.total as u64, "document"))?;
    match counted.sum {
        Some(s) => writeln!(out, ", reporting {} in all", sum_text(s.kind, s.sum))?,
        None => writeln!(out)?,
    }
    for (field, trees) in &counted.trees {
        for tree in trees {
            let title = if tree.root == "/" {
                field.name().to_string()
            } else {
                format!("{} {}", field.name(), tree.root)
            };
            writeln!(out, "\n{}", style.bold(&title))?;
            let top = if *field == FacetField::Date {
                usize::MAX
            } else {
                top
            };
            write_facet_tree(out, &tree.values, top, counted.sum.map(|s| s.kind), style)?;
        }
    }
    Ok(())
}

/// Prints `sitrep stats`.
pub fn write_stats(
    out: &mut dyn Write,
    stats: &IndexStats,
    top: usize,
    style: Style,
) -> io::Result<()> {
    let range = match (stats.first_date, stats.last_date) {
        (Some(a), Some(b)) => format!("{a} .. {b}"),
        _ => "-".to_string(),
    };
    writeln!(out, "index      {}", stats.index)?;
    writeln!(out, "documents  {}", stats.documents)?;
    writeln!(out, "dates      {range}")?;
    writeln!(
        out,
        "size       {:.1} MB in {} segment(s)",
        stats.size_bytes as f64 / 1e6,
        stats.segments
    )?;
    writeln!(out, "\n{}", style.bold("regions"))?;
    write_facet_tree(out, &stats.regions, top, None, style)?;
    writeln!(out, "\n{}", style.bold("countries"))?;
    write_facet_tree(out, &stats.countries, top, None, style)?;
    writeln!(out, "\n{}", style.bold("divisions"))?;
    for node in &stats.divisions {
        // `Hama, Syria`: a division's name alone can be another country's.
        let country = node.path.rsplit('/').nth(1).unwrap_or_default();
        let count = node.count.to_string();
        writeln!(out, "{}, {country} {}", node.label, style.dim(&count))?;
    }
    writeln!(out, "\n{}", style.bold("events"))?;
    write_facet_tree(out, &stats.events, top, None, style)?;
    if let Some(run) = &stats.interrupted {
        writeln!(out, "\n{}", interrupted_note(run))?;
    }
    Ok(())
}

/// What `stats` says of an indexing run that was killed before it finished.
fn interrupted_note(run: &str) -> String {
    format!(
        "note: an indexing run ({run}) was interrupted; the documents are those of the last commit, and the size counts its uncommitted files until the next `sitrep index` removes them"
    )
}

/// Prints `sitrep extract` for one article: its parsed fields, then every
/// region and actor found with the texts that named it, and the ambiguous
/// names rejected.
pub fn write_extraction(
    out: &mut dyn Write,
    article: &Article,
    report: &ExtractionReport,
    style: Style,
) -> io::Result<()> {
    writeln!(out, "{}", style.bold(&article.path))?;
    let body_words = article.body.split_whitespace().count();
    for (label, value) in [
        ("id", article.id.clone()),
        ("date", article.date.to_string()),
        ("title", article.title.clone()),
        ("topic", article.topic.clone()),
        ("summary", article.summary.clone()),
        ("agency", article.agency.clone()),
        ("dateline", article.dateline.clone()),
        ("url", article.url.clone()),
        ("body", format!("{body_words} words")),
    ] {
        if !value.is_empty() {
            writeln!(out, "  {:<9} {}", style.label(label), value)?;
        }
    }
    for (label, entities) in [
        ("regions", &report.regions),
        ("actors", &report.actors),
        (
            "rejected (ambiguous, no supporting context)",
            &report.rejected,
        ),
    ] {
        if entities.is_empty() {
            continue;
        }
        writeln!(out, "  {}", style.label(label))?;
        for entity in entities {
            let mut texts: Vec<String> = Vec::new();
            for m in &entity.mentions {
                let shown = if m.kind == "name" {
                    m.text.clone()
                } else {
                    format!("{} ({})", m.text, m.kind)
                };
                if !texts.contains(&shown) {
                    texts.push(shown);
                }
            }
            writeln!(
                out,
                "    {:<48} {}",
                entity.facet,
                style.dim(&format!("{} × {}", texts.join(", "), entity.mentions.len()))
            )?;
        }
    }
    write_events(out, report, style)?;
    writeln!(out)
}

/// Prints what `sitrep extract` found about events: each event type with the
/// cue and rule that gave it, the UCDP violence types with their sides, every
/// casualty count with its rule and sentence, and the article's totals.
pub fn write_events(
    out: &mut dyn Write,
    report: &ExtractionReport,
    style: Style,
) -> io::Result<()> {
    if !report.events.is_empty() {
        writeln!(out, "  {}", style.label("events"))?;
        for e in &report.events {
            let why = format!("{} ({})", e.cue, e.rule);
            writeln!(out, "    {:<48} {}", e.facet, style.dim(&why))?;
        }
    }
    if !report.violence.is_empty() {
        writeln!(out, "  {}", style.label("violence (UCDP)"))?;
        for v in &report.violence {
            let why = format!("{}: {}", v.rule, v.sentence);
            writeln!(out, "    {:<48} {}", v.violence.label(), style.dim(&why))?;
        }
    }
    if !report.casualties.is_empty() {
        writeln!(out, "  {}", style.label("casualties"))?;
        for c in &report.casualties {
            let n = &c.casualty;
            let range = if n.min == n.max {
                n.min.to_string()
            } else {
                format!("{}-{}", n.min, n.max)
            };
            let group = serde_json::to_value(n.group)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            writeln!(
                out,
                "    {:<9} {:>9} {:<12} {} {}",
                n.kind.name(),
                range,
                group,
                style.bold(&format!("\"{}\"", n.amount)),
                style.dim(&format!("{}: {}", n.rule, c.sentence_text))
            )?;
        }
    }
    if !report.totals.is_empty() {
        let totals: Vec<String> = report
            .totals
            .iter()
            .map(|t| {
                if t.range.min == t.range.max {
                    format!("{} {}", t.kind.name(), t.range.min)
                } else {
                    format!("{} {}-{}", t.kind.name(), t.range.min, t.range.max)
                }
            })
            .collect();
        writeln!(out, "  {} {}", style.label("totals"), totals.join(", "))?;
    }
    Ok(())
}
