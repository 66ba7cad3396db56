//! `sitrep facets`: facet trees with counts for what a query matches.

use std::io::{self, BufWriter, Write};

use anyhow::Result;
use clap::Args;
use tantivy::schema::Facet;

use sitrep::enrich::CasualtyKind;
use sitrep::facets::{FacetField, FacetRequest, FacetsAnswer};
use sitrep::query::Filters;
use sitrep::render::human::write_facets;

use super::args::{FilterArgs, RemoteArgs};
use super::{Outcome, Session};

/// Shown after `sitrep facets --help`.
pub const EXAMPLES: &str = "\
Examples:
  sitrep facets                                 all three trees for all articles
  sitrep facets wagner --field region           where articles about Wagner are
  sitrep facets --field region --region africa  Africa's sub-regions and countries
  sitrep facets --field region --region sahel   the Sahel's countries and their provinces
  sitrep facets --field date --depth 2 --from 2021   months of 2021
  sitrep facets --field actor --json            every actor with its facet path
  sitrep facets --field event                   ACLED event types and sub-event types
  sitrep facets --field date --depth 2 --sum killed  articles and deaths per month
  sitrep facets --field event --event battle --region mali --sum killed";

#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// Count only documents matching this query.
    query: Option<String>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Which facet to show; all when omitted.
    #[arg(long, value_enum)]
    field: Option<FacetField>,
    /// Levels below the root to show (default: region 3 = continent > sub-region > country,
    /// actor 2 = kind > name, event 2 = type > sub-event type, violence 1, language 1,
    /// date 1 = years; --depth 2 adds months, 3 days). A filter of the same
    /// dimension roots the tree at its value; several values, or an area
    /// such as `--region sahel`, give one tree from their common ancestor
    /// down to each value, counted, then --depth levels below.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    depth: Option<u8>,
    /// Values to show per level, largest first (dates are all shown, in order).
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Also add up the people of this kind the matching articles report,
    /// per value and in all: the least numbers their texts support, and the
    /// greatest where they differ (`--field date --depth 2 --sum killed`:
    /// deaths per month).
    #[arg(long, value_enum, value_name = "KIND")]
    sum: Option<CasualtyKind>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    remote: RemoteArgs,
}

pub fn run(session: &Session, args: &FacetsArgs) -> Result<Outcome> {
    let backend = session.backend(&args.remote)?;
    let filters = args.filters.to_filters(session)?;
    let query = args.query.as_deref().unwrap_or("");
    let fields = args
        .field
        .map_or_else(|| FacetField::ALL.to_vec(), |f| vec![f]);
    let requests: Vec<FacetRequest> = fields
        .into_iter()
        .map(|field| {
            let depth = args.depth.map_or(field.default_depth(), usize::from);
            FacetRequest::drill(field, drilled(field, &filters), depth)
        })
        .collect();
    let mut counted = backend.facets(query, &filters, &requests, args.sum)?;
    for (field, trees) in &mut counted.trees {
        for tree in trees {
            tree.keep_toward(drilled(*field, &filters));
        }
    }
    let total = counted.total;
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        let mut answer = FacetsAnswer::from(counted);
        answer.locate(session.gazetteer()?);
        serde_json::to_writer(&mut out, &answer)?;
        writeln!(out)?;
    } else {
        write_facets(&mut out, &counted, args.top, session.style)?;
    }
    out.flush()?;
    Ok(Outcome::found(total > 0))
}

/// The values `field`'s tree drills down to: the filter values of the same
/// dimension, none for a whole tree.
fn drilled(field: FacetField, filters: &Filters) -> &[Facet] {
    match field {
        FacetField::Region => &filters.regions,
        FacetField::Actor => &filters.actors,
        FacetField::Event => &filters.events,
        FacetField::Violence => &filters.violence,
        // One level: a --lang filter restricts the counts, the tree stays whole.
        FacetField::Date | FacetField::Language => &[],
    }
}
