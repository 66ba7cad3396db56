//! A watch's Atom feed (RFC 4287), as `sitrep serve` publishes it at
//! `/feeds/NAME.atom`: the newest articles its search matches, each with
//! its title, date, source (the entry's author), snippet (the summary), the
//! regions and actors as categories, and a link to the article view of the
//! web page. The XML is written by `atom_syndication`, which escapes every
//! text, so article text never becomes markup.

use atom_syndication::{Category, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use chrono::{NaiveDate, NaiveTime};

use crate::search::{SearchHit, SearchResults};
use crate::watch::Watch;

/// Articles a feed lists, newest first: feed readers poll often and keep
/// what they have seen, so the newest page is what they need.
pub const FEED_ENTRIES: usize = 50;

/// Where a feed is served, for its absolute links: `http://127.0.0.1:7878`.
#[derive(Debug, Clone)]
pub struct FeedSite<'a> {
    /// Scheme and authority, without a trailing slash.
    pub base: &'a str,
}

impl FeedSite<'_> {
    /// The feed's own address.
    pub fn feed_url(&self, watch: &Watch) -> String {
        format!("{}/feeds/{}.atom", self.base, watch.name)
    }

    /// The web page showing the watch's search, with `extra` parameters
    /// (`article=ID` opens the article view).
    fn page_url(&self, watch: &Watch, extra: &[(&str, &str)]) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if !watch.query.is_empty() {
            query.append_pair("q", &watch.query);
        }
        let spec = &watch.filters;
        let killed_min = spec.killed_min.map(|n| n.to_string());
        for (name, values) in [
            ("from", spec.from.iter().collect::<Vec<_>>()),
            ("to", spec.to.iter().collect()),
            ("region", spec.regions.iter().collect()),
            ("actor", spec.actors.iter().collect()),
            ("event", spec.events.iter().collect()),
            ("violence", spec.violence.iter().collect()),
            ("lang", spec.languages.iter().collect()),
            ("killed_min", killed_min.iter().collect()),
        ] {
            for value in values {
                query.append_pair(name, value);
            }
        }
        for (name, value) in extra {
            query.append_pair(name, value);
        }
        format!("{}/?{}", self.base, query.finish())
    }
}

/// The Atom document of `watch`'s feed; `results` are its newest matches.
pub fn atom_feed(watch: &Watch, results: &SearchResults, site: &FeedSite) -> String {
    let updated = results
        .hits
        .iter()
        .filter_map(|hit| day_time(&hit.date))
        .max()
        .or_else(|| FixedDateTime::parse_from_rfc3339(&watch.created).ok())
        .unwrap_or_default();
    let feed = Feed {
        title: Text::plain(format!("sitrep watch {}: {}", watch.name, watch.describe())),
        id: format!("urn:sitrep:watch:{}", watch.name),
        updated,
        authors: vec![person("sitrep")],
        generator: Some(Generator {
            value: "sitrep".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
            ..Generator::default()
        }),
        links: vec![
            link(&site.feed_url(watch), "self", Some("application/atom+xml")),
            link(&site.page_url(watch, &[]), "alternate", Some("text/html")),
        ],
        subtitle: Some(Text::plain(subtitle(results))),
        entries: results
            .hits
            .iter()
            .map(|hit| entry(watch, hit, site))
            .collect(),
        ..Feed::default()
    };
    feed.to_string()
}

/// How many matches the feed stands for, reprints folded when they are.
fn subtitle(results: &SearchResults) -> String {
    match results.groups {
        Some(groups) if groups < results.total => format!(
            "the newest of {groups} matching texts ({} articles with their reprints)",
            results.total
        ),
        _ => format!("the newest of {} matching articles", results.total),
    }
}

/// One article: its title, date, source, snippet, regions and actors, the
/// article view and the original (when the record has its URL). A text
/// with reprints keeps the id of its earliest copy, so a reprint arriving
/// later updates the entry a reader has instead of adding one.
fn entry(watch: &Watch, hit: &SearchHit, site: &FeedSite) -> Entry {
    let date = day_time(&hit.date).unwrap_or_default();
    let mut links = vec![link(
        &site.page_url(watch, &[("article", &hit.id)]),
        "alternate",
        Some("text/html"),
    )];
    if !hit.url.is_empty() {
        links.push(link(&hit.url, "related", None));
    }
    let categories = [("region", &hit.regions), ("actor", &hit.actors)]
        .into_iter()
        .flat_map(|(scheme, paths)| {
            paths.iter().map(move |path| Category {
                term: path.clone(),
                scheme: Some(format!("urn:sitrep:{scheme}")),
                label: path.rsplit('/').next().map(str::to_string),
            })
        })
        .collect();
    Entry {
        title: Text::plain(hit.title.clone()),
        id: format!(
            "urn:sitrep:article:{}",
            form_urlencoded::byte_serialize(entry_id(hit).as_bytes()).collect::<String>()
        ),
        updated: date,
        published: Some(date),
        authors: if hit.source.is_empty() {
            Vec::new()
        } else {
            vec![person(&hit.source)]
        },
        summary: summary(hit).map(Text::plain),
        links,
        categories,
        ..Entry::default()
    }
}

/// The id an entry keeps: its group's earliest copy, or its own.
fn entry_id(hit: &SearchHit) -> &str {
    hit.copy.as_ref().map_or(&hit.id, |group| &group.lead)
}

/// The snippet, and under it the other outlets that carried the text
/// ("+2 similar: Reuters, AP").
fn summary(hit: &SearchHit) -> Option<String> {
    let similar = hit
        .copy
        .as_ref()
        .filter(|group| group.members > 1)
        .map(|group| {
            let (sources, more) = group.other_sources();
            format!(
                "+{} similar: {}{}",
                group.members - 1,
                sources.join(", "),
                if more { ", ..." } else { "" }
            )
        });
    let parts: Vec<String> = [
        (!hit.snippet.is_empty()).then(|| hit.snippet.clone()),
        similar,
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join("\n"))
}

/// Midnight UTC of a `YYYY-MM-DD` date.
fn day_time(date: &str) -> Option<FixedDateTime> {
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(day.and_time(NaiveTime::MIN).and_utc().fixed_offset())
}

fn person(name: &str) -> Person {
    Person {
        name: name.to_string(),
        ..Person::default()
    }
}

fn link(href: &str, rel: &str, mime_type: Option<&str>) -> Link {
    Link {
        href: href.to_string(),
        rel: rel.to_string(),
        mime_type: mime_type.map(str::to_string),
        ..Link::default()
    }
}
