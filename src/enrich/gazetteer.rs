//! The gazetteer: regions (countries and their first-level divisions, with
//! the towns of each division) and actors, with every name they go by, loaded
//! from the TSV data files in `index-schema/` (embedded in the binary, or read
//! from a directory given with `--gazetteer`). See `index-schema/README.md` for
//! the file formats and how they were built.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

use super::entity::{ActorKind, Dimension, Entity, Name, NameKind, PlaceKind};
use super::events::EventTaxonomy;
use super::fold::fold_str;
use super::matcher::Matcher;
use super::people::PersonCues;
use super::places::{PlaceIndex, PlaceIndexBuilder, Town};
use crate::error::{Error, Result};

/// The raw text of the data files.
pub struct GazetteerFiles {
    /// `regions.tsv`.
    pub regions: String,
    /// `divisions.tsv`: first-level divisions.
    pub divisions: String,
    /// `places.tsv`: towns.
    pub places: String,
    /// `areas.tsv`: regions as analysts name them (hand-kept, cited).
    pub areas: String,
    /// `actors.tsv`.
    pub actors: String,
    /// `person-roles.tsv`: role nouns that mark a personal name.
    pub person_roles: String,
    /// `common-words.tsv`: words never part of a personal name.
    pub common_words: String,
    /// `event-types.tsv`: ACLED's event types with their cue words.
    pub event_types: String,
}

impl GazetteerFiles {
    /// The files compiled into the binary (`places.tsv` compressed by `build.rs`).
    pub fn embedded() -> Self {
        let packed = include_bytes!(concat!(env!("OUT_DIR"), "/places.tsv.zst"));
        let places = zstd::stream::decode_all(&packed[..])
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .expect("build.rs packs places.tsv with zstd");
        GazetteerFiles {
            regions: include_str!("../../index-schema/regions.tsv").to_string(),
            divisions: include_str!("../../index-schema/divisions.tsv").to_string(),
            places,
            areas: include_str!("../../index-schema/areas.tsv").to_string(),
            actors: include_str!("../../index-schema/actors.tsv").to_string(),
            person_roles: include_str!("../../index-schema/person-roles.tsv").to_string(),
            common_words: include_str!("../../index-schema/common-words.tsv").to_string(),
            event_types: super::events::EMBEDDED.to_string(),
        }
    }

    /// A 64-bit FNV-1a hash of the files, in hex: stable across builds
    /// and platforms, which std's hasher does not promise.
    pub fn fingerprint(&self) -> String {
        super::fingerprint::fingerprint_of(&[
            self.regions.as_bytes(),
            self.divisions.as_bytes(),
            self.places.as_bytes(),
            self.areas.as_bytes(),
            self.actors.as_bytes(),
            self.person_roles.as_bytes(),
            self.common_words.as_bytes(),
            self.event_types.as_bytes(),
        ])
    }

    /// The fingerprint of [`GazetteerFiles::embedded`], computed by
    /// `build.rs`: telling it costs nothing, while unpacking and hashing
    /// the files costs a search's time over again.
    pub fn embedded_fingerprint() -> &'static str {
        include_str!(concat!(env!("OUT_DIR"), "/gazetteer-fingerprint"))
    }

    /// Reads the files from `dir` (the `--gazetteer` option); a folder
    /// without `event-types.tsv` uses the embedded one.
    pub fn read_dir(dir: &Path) -> Result<Self> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|e| Error::Gazetteer {
                path: path.display().to_string(),
                line: 0,
                message: format!("cannot read: {e}"),
            })
        };
        Ok(GazetteerFiles {
            regions: read("regions.tsv")?,
            divisions: read("divisions.tsv")?,
            places: read("places.tsv")?,
            areas: read("areas.tsv")?,
            actors: read("actors.tsv")?,
            person_roles: read("person-roles.tsv")?,
            common_words: read("common-words.tsv")?,
            event_types: if dir.join("event-types.tsv").exists() {
                read("event-types.tsv")?
            } else {
                super::events::EMBEDDED.to_string()
            },
        })
    }
}

/// Where a region facet node is, for maps and `--json`: its codes and
/// coordinate, each where the gazetteer has it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    /// ISO 3166-1 alpha-3 for a country (`SYR`), ISO 3166-2 for a division
    /// where one is known (`SY-HM`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iso: Option<String>,
    /// A division's GeoNames admin1 code (`SY.10`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geonames: Option<String>,
    /// Latitude (WGS 84): a country's centre, a division's seat, a town.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f32>,
    /// Longitude (WGS 84).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f32>,
}

/// Regions and actors, their names, and the matcher built from them.
pub struct Gazetteer {
    /// Every country/territory, first-level division and actor.
    pub entities: Vec<Entity>,
    /// Every name of every entity.
    pub names: Vec<Name>,
    /// The towns and their names.
    pub places: PlaceIndex,
    /// Per entity, the index of its `town` name, for divisions.
    town_names: HashMap<usize, usize>,
    /// Region facet path (`/`-joined labels) -> its entity, for [`Gazetteer::locate`].
    region_paths: HashMap<String, usize>,
    /// (division entity, town label) -> the most populous town of that
    /// label, built on first use: only facet answers need it.
    towns_by_label: OnceLock<HashMap<(usize, Box<str>), u32>>,
    /// Folded lower-case name or facet node label -> facet paths, per dimension.
    lookup: HashMap<(Dimension, String), Vec<Vec<String>>>,
    /// Folded name of an area of `areas.tsv` -> the area's own name, which
    /// suggestions show (its paths are its members').
    area_labels: HashMap<String, String>,
    matcher: OnceLock<Matcher>,
    /// Region entity -> its state-forces entity, the actor labelled with the
    /// country's own name (`/state forces/Mali`).
    state_forces: HashMap<usize, usize>,
    /// `person-roles.tsv` and `common-words.tsv`, for [`Gazetteer::person_cues`].
    person_files: (String, String),
    /// The word lists that recognise people no row lists, built on first use:
    /// searching never needs them.
    person_cues: OnceLock<PersonCues>,
    /// `common-words.tsv` as a set, built on first use.
    common_words: OnceLock<HashSet<String>>,
    /// ACLED's event types with their cue words.
    events: EventTaxonomy,
    /// Armed group -> its branches, each with its country: an actor one of
    /// whose names is another's name followed by "in" ("Al-Qaeda in the
    /// Arabian Peninsula", Yemen, is al-Qaeda's branch there).
    branches: HashMap<usize, Vec<(usize, usize)>>,
    /// Fingerprint of the data files, recorded with each commit so that a
    /// changed gazetteer makes `sitrep index` re-enrich unchanged files too.
    pub fingerprint: String,
}

impl Gazetteer {
    /// The gazetteer compiled into the binary.
    pub fn embedded() -> Result<Self> {
        Self::from_files(&GazetteerFiles::embedded())
    }

    /// Builds a gazetteer from the text of its data files.
    pub fn from_files(files: &GazetteerFiles) -> Result<Self> {
        let mut builder = Builder::default();
        let by_iso3 = builder.load_regions(&files.regions)?;
        let by_code = builder.load_divisions(&files.divisions, &by_iso3)?;
        builder.load_places(&files.places, &by_iso3, &by_code)?;
        builder.load_areas(&files.areas, &by_iso3, &by_code)?;
        builder.load_actors(&files.actors, &by_iso3)?;
        let mut gazetteer = builder.finish(files.fingerprint());
        gazetteer.person_files = (files.person_roles.clone(), files.common_words.clone());
        gazetteer.events = EventTaxonomy::parse("event-types.tsv", &files.event_types)?;
        Ok(gazetteer)
    }

    /// The role nouns and common words that recognise people no row lists.
    pub(super) fn person_cues(&self) -> &PersonCues {
        self.person_cues.get_or_init(|| {
            let (roles, common) = &self.person_files;
            let mut cues = PersonCues::parse(roles, common);
            cues.index_people(self);
            cues
        })
    }

    /// Whether `word` (any case) is a common word of `common-words.tsv`
    /// (English, or a Russian or Ukrainian word form), compared as folded
    /// text is (Cyrillic й is и there).
    pub fn is_common_word(&self, word: &str) -> bool {
        self.common_words
            .get_or_init(|| {
                self.person_files
                    .1
                    .lines()
                    .filter(|l| !l.starts_with('#'))
                    .filter_map(|l| l.split('\t').next())
                    .map(|w| super::fold_str(w.trim(), true))
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .contains(&word.to_lowercase())
    }

    /// The event taxonomy (`event-types.tsv`).
    pub fn events(&self) -> &EventTaxonomy {
        &self.events
    }

    /// The aho-corasick matcher over all names, built on first use: searching
    /// needs only the name lookup, so it does not pay for the automaton.
    pub fn matcher(&self) -> &Matcher {
        self.matcher.get_or_init(|| {
            Matcher::new(
                &self.names,
                |n| usize::from(self.entities[n.entity].dimension == Dimension::Actor),
                |n| {
                    let e = &self.entities[n.entity];
                    // A name that needs context (?Georgia) lends none to its adjectives.
                    n.kind == NameKind::Name
                        && !n.ambiguous
                        && e.dimension == Dimension::Region
                        && e.path.len() == 3
                },
            )
        })
    }

    /// The country entity of a region entity (itself for a country, its
    /// country for a division); an actor is its own.
    pub fn country_of(&self, entity: usize) -> usize {
        let e = &self.entities[entity];
        match (e.dimension, e.home) {
            (Dimension::Region, Some(country)) => country,
            _ => entity,
        }
    }

    /// The name that stands for the towns of a division in matches.
    pub fn town_name(&self, division: usize) -> Option<usize> {
        self.town_names.get(&division).copied()
    }

    /// The facet path of a town: its division's, then its label.
    pub fn town_path(&self, town: u32) -> Vec<String> {
        let t = &self.places.towns[town as usize];
        let mut path = self.entities[t.division].path.clone();
        path.push(t.label.to_string());
        path
    }

    /// Where the region facet node `path` (`/Asia/Western Asia/Syria/Hama`) is:
    /// a country's ISO 3166-1 code and centre, a division's ISO 3166-2 and
    /// GeoNames codes and seat, a town's point; `None` for a continent, a
    /// sub-region or a path the gazetteer does not know.
    pub fn locate(&self, path: &str) -> Option<Location> {
        let path = path.trim_start_matches('/');
        if let Some(&entity) = self.region_paths.get(path) {
            let e = &self.entities[entity];
            if e.code.is_none() && e.geonames.is_none() && e.point.is_none() {
                return None;
            }
            return Some(Location {
                iso: e.code.clone(),
                geonames: e.geonames.clone(),
                lat: e.point.map(|p| p.0),
                lon: e.point.map(|p| p.1),
            });
        }
        let (division, label) = path.rsplit_once('/')?;
        let division = *self.region_paths.get(division)?;
        let town = *self.towns_by_label().get(&(division, label.into()))?;
        let point = self.places.towns[town as usize].point;
        Some(Location {
            iso: None,
            geonames: None,
            lat: point.map(|p| p.0),
            lon: point.map(|p| p.1),
        })
    }

    fn towns_by_label(&self) -> &HashMap<(usize, Box<str>), u32> {
        self.towns_by_label.get_or_init(|| {
            let mut by_label: HashMap<(usize, Box<str>), u32> = HashMap::new();
            for (i, town) in self.places.towns.iter().enumerate() {
                let slot = by_label
                    .entry((town.division, town.label.clone()))
                    .or_insert(i as u32);
                if self.places.towns[*slot as usize].population < town.population {
                    *slot = i as u32;
                }
            }
            by_label
        })
    }

    /// The state-forces actor of a country (`/state forces/Mali` for Mali), if
    /// the gazetteer has one.
    pub fn state_forces_of(&self, region: usize) -> Option<usize> {
        self.state_forces.get(&region).copied()
    }

    /// The branch of armed group `entity` in `country` (a region entity),
    /// if it has one there.
    pub fn branch_in(&self, entity: usize, country: usize) -> Option<usize> {
        self.branches
            .get(&entity)?
            .iter()
            .find(|&&(_, home)| home == country)
            .map(|&(branch, _)| branch)
    }

    /// Resolves a user-given name at any level (`africa`, `western africa`,
    /// `mali`, `bamako`, `wagner`, `armed group`, `UN`) to facet paths.
    /// Exact facet labels win over aliases, so `guinea` means Guinea even if
    /// some alias of another country contains it.
    pub fn resolve(&self, dimension: Dimension, name: &str) -> Option<Vec<Vec<String>>> {
        let key = fold_str(name.trim(), true);
        if let Some(paths) = self.lookup.get(&(dimension, key.clone())) {
            return Some(paths.clone());
        }
        if dimension != Dimension::Region {
            return None;
        }
        // A town: the one its name means alone, if there is one, else every
        // town of that name ("douma" -> Duma, Syria).
        let candidates = self.places.candidates(self.places.key(&key)?);
        let alone: Vec<_> = candidates.iter().filter(|c| !c.ambiguous).collect();
        let chosen: Vec<_> = if alone.is_empty() {
            candidates.iter().collect()
        } else {
            alone
        };
        let mut paths: Vec<Vec<String>> = chosen.iter().map(|c| self.town_path(c.town)).collect();
        paths.dedup();
        Some(paths)
    }

    /// The names [`Gazetteer::resolve`] knows before it looks at towns,
    /// folded as it folds them, with their facet paths: what an index's
    /// table of filter names holds (`FilterNames`).
    pub(crate) fn filter_names(&self) -> impl Iterator<Item = (Dimension, &str, &[Vec<String>])> {
        self.lookup
            .iter()
            .map(|((dimension, key), paths)| (*dimension, key.as_str(), paths.as_slice()))
    }

    /// Up to `n` known names closest to `name`, for "did you mean" messages.
    pub fn suggest(&self, dimension: Dimension, name: &str, n: usize) -> Vec<String> {
        let key = fold_str(name.trim(), true);
        let mut scored: Vec<(usize, &str)> = self
            .lookup
            .iter()
            .filter(|((d, _), _)| *d == dimension)
            .map(|((_, k), paths)| {
                let area = self
                    .area_labels
                    .get(k)
                    .filter(|_| dimension == Dimension::Region);
                let label = area
                    .or_else(|| paths[0].last())
                    .map_or(k.as_str(), String::as_str);
                let distance = if k.contains(&key) || key.contains(k.as_str()) {
                    k.len().abs_diff(key.len()).min(2)
                } else {
                    strsim::levenshtein(k, &key)
                };
                (distance, label)
            })
            .filter(|(d, _)| *d <= (key.chars().count() / 3).max(1))
            .collect();
        scored.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, label) in scored {
            if !out.iter().any(|o| o == label) {
                out.push(label.to_string());
            }
            if out.len() == n {
                break;
            }
        }
        out
    }
}

#[derive(Default)]
struct Builder {
    entities: Vec<Entity>,
    names: Vec<Name>,
    places: PlaceIndexBuilder,
    town_names: HashMap<usize, usize>,
    lookup: HashMap<(Dimension, String), Vec<Vec<String>>>,
    /// Keys that are some entity's own label: these resolve to it alone.
    labels: HashMap<(Dimension, String), Vec<Vec<String>>>,
    /// Names of `areas.tsv`: these resolve to the area's members, first.
    areas: HashMap<(Dimension, String), Vec<Vec<String>>>,
    /// Folded area name -> the area's own name.
    area_labels: HashMap<String, String>,
}

impl Builder {
    fn load_regions(&mut self, text: &str) -> Result<HashMap<String, usize>> {
        let mut by_iso3 = HashMap::new();
        for row in rows("regions.tsv", text, 6) {
            let row = row?;
            let path = vec![
                row.cols[1].clone(),
                row.cols[2].clone(),
                row.cols[3].clone(),
            ];
            let entity = self.add_entity(Dimension::Region, path, &row)?;
            self.entities[entity].code = Some(row.cols[0].clone());
            // The centre, in two optional columns after the source.
            if row.cols.get(6).is_some_and(|c| !c.is_empty()) {
                self.entities[entity].point = Some(point_columns(&row, 6)?);
            }
            self.add_names(entity, &row.cols[4], NameKind::Name);
            by_iso3.insert(row.cols[0].clone(), entity);
        }
        Ok(by_iso3)
    }

    /// `divisions.tsv`: each division is a region entity below its country.
    fn load_divisions(
        &mut self,
        text: &str,
        by_iso3: &HashMap<String, usize>,
    ) -> Result<HashMap<String, usize>> {
        let mut by_code = HashMap::new();
        for row in rows("divisions.tsv", text, 9) {
            let row = row?;
            let country = country_column(&row, 1, by_iso3)?;
            let mut path = self.entities[country].path.clone();
            path.push(row.cols[2].clone());
            let entity = self.add_entity(Dimension::Region, path, &row)?;
            let point = point_columns(&row, 5)?;
            let population: u64 = row.cols[7]
                .parse()
                .map_err(|_| row.error(format!("bad population `{}`", row.cols[7])))?;
            self.entities[country].population += population;
            let e = &mut self.entities[entity];
            e.home = Some(country);
            e.population = population;
            e.code = Some(row.cols[4].clone()).filter(|c| !c.is_empty());
            e.geonames = Some(row.cols[0].clone());
            e.point = Some(point);
            let first_name = self.names.len();
            self.add_names(entity, &row.cols[3], NameKind::Admin1);
            short_names_need_context(&mut self.names[first_name..], &row.cols[2]);
            // The name town hits carry: never matched as text, never a filter value.
            self.town_names.insert(entity, self.names.len());
            self.names.push(Name {
                text: row.cols[2].clone(),
                entity,
                case_sensitive: false,
                ambiguous: false,
                kind: NameKind::Town,
            });
            if by_code.insert(row.cols[0].clone(), entity).is_some() {
                return Err(row.error(format!("division code `{}` twice", row.cols[0])));
            }
        }
        Ok(by_code)
    }

    /// `places.tsv`: towns, each in a division of `divisions.tsv`; a capital
    /// gives its country a point on the map when `regions.tsv` has none.
    fn load_places(
        &mut self,
        text: &str,
        by_iso3: &HashMap<String, usize>,
        by_code: &HashMap<String, usize>,
    ) -> Result<()> {
        for row in rows("places.tsv", text, 9) {
            let row = row?;
            let country = country_column(&row, 1, by_iso3)?;
            let division = *by_code
                .get(&row.cols[2])
                .ok_or_else(|| row.error(format!("unknown division code `{}`", row.cols[2])))?;
            if self.entities[division].home != Some(country) {
                return Err(row.error(format!(
                    "division `{}` is not in `{}`",
                    row.cols[2], row.cols[1]
                )));
            }
            if row.cols[0].is_empty() || row.cols[0].contains('/') {
                return Err(row.error("a town label must be non-empty and contain no `/`".into()));
            }
            let population = row.cols[4]
                .parse()
                .map_err(|_| row.error(format!("bad population `{}`", row.cols[4])))?;
            // A district may have no point (`places.tsv` leaves both empty).
            let point = if row.cols[5].is_empty() && row.cols[6].is_empty() {
                None
            } else {
                Some(point_columns(&row, 5)?)
            };
            let kind = PlaceKind::from_label(&row.cols[3]).ok_or_else(|| {
                row.error(format!(
                    "unknown place kind `{}`: one of {}",
                    row.cols[3],
                    PlaceKind::labels(PlaceKind::ALL)
                ))
            })?;
            if let Some(point) = point.filter(|_| kind == PlaceKind::Capital) {
                self.entities[country].point.get_or_insert(point);
            }
            let names = row.cols[7]
                .split('|')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|raw| {
                    let (text, _, ambiguous) = strip_flag(raw);
                    (text.to_string(), ambiguous)
                });
            let town = Town {
                label: row.cols[0].as_str().into(),
                division,
                population,
                point,
            };
            self.places.add(town, names);
        }
        Ok(())
    }

    /// `areas.tsv`: each name of an area resolves to its members, before any
    /// label or alias (`crimea` is Crimea and Sevastopol, `western sahara` the
    /// territory and the Moroccan regions that administer it). A territory's
    /// name that no country or division has yet names its member divisions in
    /// text ("Donbas" names Donetsk and Luhansk).
    fn load_areas(
        &mut self,
        text: &str,
        by_iso3: &HashMap<String, usize>,
        by_code: &HashMap<String, usize>,
    ) -> Result<()> {
        let mut area_keys = HashMap::new();
        for row in rows("areas.tsv", text, 5) {
            let row = row?;
            let territory = match row.cols[2].as_str() {
                "territory" => true,
                "grouping" => false,
                other => return Err(row.error(format!("unknown area kind `{other}`"))),
            };
            let mut members = Vec::new();
            for code in row.cols[3].split(';').map(str::trim) {
                let entity = by_iso3.get(code).or_else(|| by_code.get(code)).copied();
                members.push(entity.ok_or_else(|| row.error(format!("unknown member `{code}`")))?);
            }
            let paths: Vec<Vec<String>> = members
                .iter()
                .map(|&m| self.entities[m].path.clone())
                .collect();
            for raw in row.cols[1]
                .split('|')
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                let (text, _, ambiguous) = strip_flag(raw);
                let key = (Dimension::Region, fold_str(text, true));
                let named = self.lookup.contains_key(&key) || self.labels.contains_key(&key);
                self.area_labels.insert(key.1.clone(), row.cols[0].clone());
                area_keys.insert(key, paths.clone());
                if !territory || named {
                    continue;
                }
                for &m in members.iter().filter(|&&m| self.entities[m].path.len() > 3) {
                    self.names.push(Name {
                        text: text.to_string(),
                        entity: m,
                        case_sensitive: false,
                        ambiguous,
                        kind: NameKind::Admin1,
                    });
                }
            }
            // The label is a filter name too, as suggestions print it ("Great
            // Lakes", whose names spell it "Great Lakes region"), unless it
            // is another region's name; it names nothing in text.
            let label = (Dimension::Region, fold_str(&row.cols[0], true));
            if !self.lookup.contains_key(&label) && !self.labels.contains_key(&label) {
                self.area_labels
                    .entry(label.1.clone())
                    .or_insert_with(|| row.cols[0].clone());
                area_keys.entry(label).or_insert(paths);
            }
        }
        self.areas = area_keys;
        Ok(())
    }

    fn load_actors(&mut self, text: &str, by_iso3: &HashMap<String, usize>) -> Result<()> {
        for row in rows("actors.tsv", text, 5) {
            let row = row?;
            let kind = ActorKind::from_label(&row.cols[0]).ok_or_else(|| {
                row.error(format!(
                    "unknown actor kind `{}`: one of {}",
                    row.cols[0],
                    ActorKind::labels(ActorKind::ALL)
                ))
            })?;
            let path = vec![row.cols[0].clone(), row.cols[1].clone()];
            let entity = self.add_entity(Dimension::Actor, path, &row)?;
            self.entities[entity].kind = Some(kind);
            self.entities[entity].home = by_iso3.get(&row.cols[3]).copied();
            self.add_names(entity, &row.cols[2], NameKind::Name);
        }
        Ok(())
    }

    fn add_entity(&mut self, dimension: Dimension, path: Vec<String>, row: &Row) -> Result<usize> {
        if path.iter().any(|s| s.is_empty() || s.contains('/')) {
            return Err(row.error("facet labels must be non-empty and contain no `/`".to_string()));
        }
        // Every ancestor node is a valid filter value too (`africa`, `armed group`).
        for depth in 1..=path.len() {
            let key = (dimension, fold_str(&path[depth - 1], true));
            let target = path[..depth].to_vec();
            let slot = self.labels.entry(key).or_default();
            if !slot.contains(&target) {
                slot.push(target);
            }
        }
        self.entities.push(Entity {
            dimension,
            path,
            kind: None,
            home: None,
            code: None,
            geonames: None,
            point: None,
            population: 0,
        });
        Ok(self.entities.len() - 1)
    }

    fn add_names(&mut self, entity: usize, names: &str, kind: NameKind) {
        let dimension = self.entities[entity].dimension;
        for raw in names.split('|').map(str::trim).filter(|n| !n.is_empty()) {
            let (text, case_sensitive, ambiguous) = strip_flag(raw);
            self.names.push(Name {
                text: text.to_string(),
                entity,
                case_sensitive,
                ambiguous,
                kind,
            });
            let path = self.entities[entity].path.clone();
            let slot = self
                .lookup
                .entry((dimension, fold_str(text, true)))
                .or_default();
            if !slot.contains(&path) {
                slot.push(path);
            }
        }
    }

    fn finish(mut self, fingerprint: String) -> Gazetteer {
        // A country's government is the state-forces actor labelled with the
        // country's name, not an operation of its forces (Operation Barkhane
        // is French state forces too).
        let mut state_forces = HashMap::new();
        for (i, e) in self.entities.iter().enumerate() {
            if let (Some(ActorKind::StateForces), Some(home)) = (e.kind, e.home) {
                if self.entities[home].label() == e.label() {
                    state_forces.entry(home).or_insert(i);
                }
            }
        }
        self.add_country_names_of_state_forces(&state_forces);
        let branches = self.branches();
        for (key, mut paths) in self.labels {
            // A label at a higher level wins: `georgia` is the country, not
            // also the US state; `punjab` is both provinces.
            let top = paths.iter().map(Vec::len).min().unwrap_or(0);
            paths.retain(|p| p.len() == top);
            self.lookup.insert(key, paths);
        }
        self.lookup.extend(self.areas.drain());
        for paths in self.lookup.values_mut() {
            paths.dedup();
        }
        let region_paths = self
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.dimension == Dimension::Region)
            .map(|(i, e)| (e.path.join("/"), i))
            .collect();
        Gazetteer {
            state_forces,
            region_paths,
            towns_by_label: OnceLock::new(),
            entities: self.entities,
            names: self.names,
            places: self.places.finish(),
            town_names: self.town_names,
            lookup: self.lookup,
            area_labels: self.area_labels,
            matcher: OnceLock::new(),
            person_files: Default::default(),
            person_cues: OnceLock::new(),
            common_words: OnceLock::new(),
            events: EventTaxonomy::default(),
            branches,
            fingerprint,
        }
    }
}

impl Builder {
    /// Armed groups' branches: a group with a country one of whose names is
    /// another group's name, then "in" and where ("Al-Qaeda in the Arabian
    /// Peninsula", UCDP's AQAP in Yemen; "Ansar al-Sharia in Libya"). The
    /// news names a branch by its parent's name where it acts: "Yemeni
    /// forces kill at least seven al-Qaeda militants in the Wadi Hadramout
    /// region" (Wikipedia's Current events portal, under "Al-Qaeda
    /// insurgency in Yemen").
    fn branches(&self) -> HashMap<usize, Vec<(usize, usize)>> {
        let group = |e: usize| self.entities[e].kind == Some(ActorKind::ArmedGroup);
        let mut branches: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
        for name in self.names.iter().filter(|n| group(n.entity)) {
            let Some((parent, _)) = name.text.split_once(" in ") else {
                continue;
            };
            let (branch, Some(home)) = (name.entity, self.entities[name.entity].home) else {
                continue;
            };
            let Some(paths) = self.lookup.get(&(Dimension::Actor, fold_str(parent, true))) else {
                continue;
            };
            let parents = self
                .entities
                .iter()
                .enumerate()
                .filter(|&(e, entity)| e != branch && group(e) && paths.contains(&entity.path));
            for (parent, _) in parents {
                let list = branches.entry(parent).or_default();
                if !list.contains(&(branch, home)) {
                    list.push((branch, home));
                }
            }
        }
        branches
    }

    /// Every name of a country names its state forces as a filter value too:
    /// `--actor usa`, `--actor "united states"` and `--actor russie` mean
    /// `/state forces/United States`... An actor's own name wins where both
    /// have it. Lookup only: in a text, "Russia" is a place unless its
    /// context makes the state act (`state.rs`).
    fn add_country_names_of_state_forces(&mut self, state_forces: &HashMap<usize, usize>) {
        // Country names and demonyms; a city is not its country's government.
        for name in self.names.iter().filter(|n| n.kind == NameKind::Name) {
            let Some(&state) = state_forces.get(&name.entity) else {
                continue;
            };
            let key = (Dimension::Actor, fold_str(&name.text, true));
            if !self.lookup.contains_key(&key) {
                self.lookup
                    .insert(key, vec![self.entities[state].path.clone()]);
            }
        }
    }
}

/// An alternate name of fewer than [`MIN_PLAIN_ALTERNATE_LETTERS`] letters
/// needs its place's context (`?`), whatever its flag: such a short name is
/// more often the start of another name than the place ("Tul", a name of
/// Tula, in "Tul Karm", the Palestinian town), and a `?` name followed by a
/// capitalised word does not count. The place's own label keeps its flag
/// ("Ica", "Goa").
fn short_names_need_context(names: &mut [Name], label: &str) {
    let label = fold_str(label, true);
    for name in names {
        let letters = name.text.chars().filter(|c| c.is_alphabetic()).count();
        if letters < MIN_PLAIN_ALTERNATE_LETTERS && fold_str(&name.text, true) != label {
            name.ambiguous = true;
        }
    }
}

/// See [`short_names_need_context`]; town names are flagged so by the
/// converter already (`examples/build_gazetteer.rs`, `town_flag`).
const MIN_PLAIN_ALTERNATE_LETTERS: usize = 4;

/// The region entity of the ISO3 code in column `col`.
fn country_column(row: &Row, col: usize, by_iso3: &HashMap<String, usize>) -> Result<usize> {
    by_iso3
        .get(&row.cols[col])
        .copied()
        .ok_or_else(|| row.error(format!("unknown country code `{}`", row.cols[col])))
}

/// Latitude and longitude in columns `col` and `col + 1`.
fn point_columns(row: &Row, col: usize) -> Result<(f32, f32)> {
    let number = |c: usize, range: f32| {
        row.cols[c]
            .parse::<f32>()
            .ok()
            .filter(|v| v.abs() <= range)
            .ok_or_else(|| row.error(format!("bad coordinate `{}`", row.cols[c])))
    };
    Ok((number(col, 90.0)?, number(col + 1, 180.0)?))
}

/// Splits a name's flag: `=UN` (case-sensitive), `?Chad` (ambiguous).
fn strip_flag(raw: &str) -> (&str, bool, bool) {
    if let Some(rest) = raw.strip_prefix('=') {
        (rest, true, false)
    } else if let Some(rest) = raw.strip_prefix('?') {
        (rest, false, true)
    } else {
        (raw, false, false)
    }
}

struct Row {
    file: &'static str,
    line: usize,
    cols: Vec<String>,
}

impl Row {
    fn error(&self, message: String) -> Error {
        Error::Gazetteer {
            path: self.file.to_string(),
            line: self.line,
            message,
        }
    }
}

/// Data rows of a TSV file: `#` comment lines and blank lines are skipped,
/// and every row must have at least `min_cols` columns.
fn rows<'a>(
    file: &'static str,
    text: &'a str,
    min_cols: usize,
) -> impl Iterator<Item = Result<Row>> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(move |(i, l)| {
            let cols: Vec<String> = l.split('\t').map(|c| c.trim().to_string()).collect();
            let row = Row {
                file,
                line: i + 1,
                cols,
            };
            if row.cols.len() < min_cols {
                Err(row.error(format!(
                    "expected {min_cols} tab-separated columns, found {}",
                    row.cols.len()
                )))
            } else {
                Ok(row)
            }
        })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A tiny hand-made gazetteer for unit tests (test fixture, not real data).
    pub fn fixture() -> Gazetteer {
        let files = GazetteerFiles {
            regions: "# test fixture\n\
                MLI\tAfrica\tWestern Africa\tMali\tMali|Malian|=RMM\tt\n\
                NER\tAfrica\tWestern Africa\tNiger\t?Niger|Nigerien\tt\n\
                NGA\tAfrica\tWestern Africa\tNigeria\tNigeria|Nigerian\tt\n\
                TCD\tAfrica\tMiddle Africa\tChad\t?Chad|Chadian\tt\n\
                GIN\tAfrica\tWestern Africa\tGuinea\t?Guinea|Guinean\tt\n\
                GNB\tAfrica\tWestern Africa\tGuinea-Bissau\tGuinea-Bissau\tt\n\
                RUS\tEurope\tEastern Europe\tRussia\tRussia|Russian\tt\n\
                CAF\tAfrica\tMiddle Africa\tCentral African Republic\tCentral African Republic|=CAR|Centrafrique\tt\n"
                .to_string(),
            divisions: "ML.01\tMLI\tBamako\t\t\t12.65\t-8.00\t1297281\tt\n\
                TD.01\tTCD\tChari-Baguirmi\t\t\t12.10\t15.00\t721081\tt\n\
                NE.08\tNER\tNiamey\t\t\t13.51\t2.11\t1026848\tt\n\
                CF.02\tCAF\tBasse-Kotto\t\t\t4.87\t21.28\t25665\tt\n\
                RU.56\tRUS\tOrel Oblast\t\t\t52.90\t36.10\t722665\tt\n"
                .to_string(),
            places: "Bamako\tMLI\tML.01\tcapital\t1297281\t12.65\t-8.00\tBamako\t1\n\
                N'Djamena\tTCD\tTD.01\tcapital\t721081\t12.11\t15.04\tN'Djamena\t2\n\
                Dera Ismail Khan\tNER\tNE.08\ttown\t217000\t31.83\t70.90\tDera Ismail Khan\t3\n\
                Alindao\tCAF\tCF.02\ttown\t14234\t5.03\t21.21\t?Alindao\t4\n\
                Mingala\tCAF\tCF.02\tdistrict\t0\t\t\t?Mingala\t5\n\
                Mbrès\tCAF\tCF.02\tdistrict\t0\t\t\t?Mbrès\t6\n\
                Dronero\tMLI\tML.01\ttown\t5454\t12.65\t-8.00\t?Dronero|?Drone\t7\n\
                Kromy\tRUS\tRU.56\ttown\t6709\t52.69\t35.79\tKromy|Кромы\t8\n"
                .to_string(),
            areas: "Sahel\tSahel\tgrouping\tMLI;NER;TCD\tt\n\
                Lake Chad Basin\tLake Chad region\tgrouping\tNER;NGA;TCD\tt\n"
                .to_string(),
            actors: "armed group\tWagner Group\tWagner Group|PMC Wagner|?Wagner\tRUS\tt\n\
                armed group\tHizb-i Tawhid\tHizb-i Tawhid|?Unity Party\tNGA\tt\n\
                organisation\tUnited Nations\tUnited Nations|=UN\t\tt\n\
                state forces\tMali\tGovernment of Mali\tMLI\tt\n\
                person\tChoguel Kokalla Maiga\tChoguel Kokalla Maïga|Choguel Maiga\tMLI\tt\n\
                person\tSergey Shoygu\tSergey Shoygu\tRUS\tt\n\
                person\tTom Tancredo\tTom Tancredo\t\tt\n\
                person\tIdriss Deby\tIdriss Deby\tTCD\tt\n\
                person\tMahamat Nour\tMahamat Nour\tTCD\tt\n\
                person\tMahamat Saleh\tMahamat Saleh\tTCD\tt\n\
                person\tIsmail Khan\tIsmail Khan\tNER\tt\n"
                .to_string(),
            person_roles: "# test fixture\nminister\tt\npresident\tt\ngovernor\tt\n\
                spokesperson\tt\nsecretary\tt\nadmiral\tt\ncommandant\tt\nmayor\tt\n\
                member\tt\ndirector\tt\nsheriff\tt\n"
                .to_string(),
            common_words: "# test fixture\nairport\ncounty\ninternational\nguard\nparliament\nled\ntom\njustice\nкрім\n"
                .to_string(),
            event_types: super::super::events::EMBEDDED.to_string(),
        };
        Gazetteer::from_files(&files).unwrap()
    }

    #[test]
    fn the_embedded_fingerprint_is_that_of_the_embedded_files() {
        assert_eq!(
            GazetteerFiles::embedded().fingerprint(),
            GazetteerFiles::embedded_fingerprint()
        );
    }

    #[test]
    fn resolves_names_at_every_level() {
        let g = fixture();
        let paths = |n: &str| g.resolve(Dimension::Region, n).map(|p| p.to_vec());
        assert_eq!(paths("africa").unwrap(), [vec!["Africa".to_string()]]);
        assert_eq!(paths("Western AFRICA").unwrap()[0].len(), 2);
        // The division's label wins over the town of the same name.
        assert_eq!(
            paths("bamako").unwrap()[0],
            ["Africa", "Western Africa", "Mali", "Bamako"]
        );
        assert_eq!(
            paths("n'djamena").unwrap()[0],
            [
                "Africa",
                "Middle Africa",
                "Chad",
                "Chari-Baguirmi",
                "N'Djamena"
            ]
        );
        assert_eq!(paths("sahel").unwrap().len(), 3);
        // An area by its label too, which its names need not repeat.
        assert_eq!(paths("lake chad basin").unwrap().len(), 3);
        assert_eq!(paths("Lake Chad Basin"), paths("lake chad region"));
        assert_eq!(
            paths("car").unwrap()[0].last().unwrap(),
            "Central African Republic"
        );
        assert!(paths("atlantis").is_none());
        let wagner = g.resolve(Dimension::Actor, "pmc wagner").unwrap();
        assert_eq!(wagner[0], ["armed group", "Wagner Group"]);
        assert_eq!(
            g.resolve(Dimension::Actor, "Armed Group").unwrap()[0],
            ["armed group"]
        );
    }

    #[test]
    fn state_forces_answer_to_their_countrys_names() {
        let g = fixture();
        let mali = [vec!["state forces".to_string(), "Mali".to_string()]];
        for name in ["mali", "Malian", "RMM", "Government of Mali"] {
            assert_eq!(g.resolve(Dimension::Actor, name).unwrap(), mali, "{name}");
        }
        // A city is not its country's government.
        assert!(g.resolve(Dimension::Actor, "bamako").is_none());
        let region = g.entities.iter().position(|e| e.label() == "Mali").unwrap();
        let state = g.state_forces_of(region).unwrap();
        assert_eq!(g.entities[state].path, mali[0]);
        assert!(g
            .suggest(Dimension::Actor, "malli", 3)
            .contains(&"Mali".to_string()));
    }

    #[test]
    fn suggests_close_names() {
        let g = fixture();
        assert_eq!(g.suggest(Dimension::Region, "malli", 3)[0], "Mali");
        // An area is suggested by its own name, not its first member's.
        assert_eq!(g.suggest(Dimension::Region, "sahell", 3), ["Sahel"]);
        assert!(g
            .suggest(Dimension::Actor, "wagnr", 3)
            .contains(&"Wagner Group".to_string()));
    }

    #[test]
    fn malformed_rows_are_reported_with_file_and_line() {
        let files = GazetteerFiles {
            regions: "# c\nMLI\tAfrica\n".into(),
            divisions: String::new(),
            places: String::new(),
            areas: String::new(),
            actors: String::new(),
            person_roles: String::new(),
            common_words: String::new(),
            event_types: String::new(),
        };
        let err = Gazetteer::from_files(&files).err().unwrap().to_string();
        assert_eq!(
            err,
            "regions.tsv:2: expected 6 tab-separated columns, found 2"
        );
    }

    #[test]
    fn kinds_are_the_documented_ones() {
        let files = |places: &str, actors: &str| GazetteerFiles {
            regions: "MLI\tAfrica\tWestern Africa\tMali\tMali\tt\n".into(),
            divisions: "ML.01\tMLI\tBamako\t\t\t12.65\t-8.00\t1297281\tt\n".into(),
            places: places.into(),
            areas: String::new(),
            actors: actors.into(),
            person_roles: String::new(),
            common_words: String::new(),
            event_types: super::super::events::EMBEDDED.to_string(),
        };
        let error = |places: &str, actors: &str| {
            Gazetteer::from_files(&files(places, actors))
                .err()
                .unwrap()
                .to_string()
        };
        assert_eq!(
            error("", "# kinds\narmed groups\tWagner Group\tWagner\t\tt\n"),
            "actors.tsv:2: unknown actor kind `armed groups`: one of `armed group`, `state forces`, `organisation` or `person`"
        );
        assert_eq!(
            error("Bamako\tMLI\tML.01\tcity\t1\t12.65\t-8.00\tBamako\t1\n", ""),
            "places.tsv:1: unknown place kind `city`: one of `capital`, `town` or `district`"
        );
        let g = fixture();
        let kinds: Vec<Option<ActorKind>> = ["Wagner Group", "Mali", "Sergey Shoygu"]
            .iter()
            .map(|label| {
                let e = g
                    .entities
                    .iter()
                    .rev()
                    .find(|e| e.label() == *label)
                    .unwrap();
                e.kind
            })
            .collect();
        assert_eq!(
            kinds,
            [
                Some(ActorKind::ArmedGroup),
                Some(ActorKind::StateForces),
                Some(ActorKind::Person)
            ]
        );
        // Every kind's label is its facet's first segment.
        for e in g
            .entities
            .iter()
            .filter(|e| e.dimension == Dimension::Actor)
        {
            assert_eq!(e.kind.map(ActorKind::label), Some(e.path[0].as_str()));
        }
    }
}
