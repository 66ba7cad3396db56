//! The entities the gazetteer lists and the names they go by: the leaf
//! types that the gazetteer loads, the matcher finds and the rules read.

use tantivy::schema::Facet;

/// The two facet dimensions that the gazetteer feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// `/continent/sub-region/country/division/town`.
    Region,
    /// `/kind/canonical name`.
    Actor,
}

impl Dimension {
    /// The index field and CLI name of the dimension.
    pub fn field_name(self) -> &'static str {
        match self {
            Dimension::Region => "region",
            Dimension::Actor => "actor",
        }
    }
}

/// A country/territory or an actor: one leaf of a facet tree.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Which facet tree it belongs to.
    pub dimension: Dimension,
    /// Facet path segments, e.g. `["Africa", "Western Africa", "Mali"]`.
    pub path: Vec<String>,
    /// For an actor, what it is (the first segment of its path).
    pub kind: Option<ActorKind>,
    /// For an actor, the region entity of its country (`UPC (Central African
    /// Republic)` -> Central African Republic), used to tell apart actors
    /// that share a name; for a division, its country.
    pub home: Option<usize>,
    /// ISO code: 3166-1 alpha-3 for a country (`MLI`), 3166-2 for a
    /// division where one matches (`SY-HM`).
    pub code: Option<String>,
    /// A division's GeoNames admin1 code (`SY.10`).
    pub geonames: Option<String>,
    /// Latitude and longitude: a division's seat, a country's centre
    /// (its capital when `regions.tsv` gives none).
    pub point: Option<(f32, f32)>,
    /// For a region, the people of its GeoNames towns (a country: of all its
    /// divisions): which of two places one name means, when nothing else tells.
    pub population: u64,
}

impl Entity {
    /// The tantivy facet for this entity.
    pub fn facet(&self) -> Facet {
        Facet::from_path(&self.path)
    }

    /// The display name (last path segment).
    pub fn label(&self) -> &str {
        self.path.last().map(String::as_str).unwrap_or("")
    }
}

/// One name an entity goes by, with the flags that govern matching.
#[derive(Debug, Clone)]
pub struct Name {
    /// The name as written in the data file, without its flag.
    pub text: String,
    /// Index into the gazetteer's entities.
    pub entity: usize,
    /// `=` flag: matched with its case (acronyms such as `UN`, `CAR`).
    pub case_sensitive: bool,
    /// `?` flag: counted only with supporting context (Chad, Jordan, Georgia).
    pub ambiguous: bool,
    /// What kind of name it is: the entity's own, or a place in it.
    pub kind: NameKind,
}

/// Labels of a closed set of kinds as the data files spell them.
macro_rules! labelled {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $label:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every kind, in the order the data files' READMEs list them.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The label the data files and facets use.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// The kind `label` spells, if any.
            pub fn from_label(label: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|k| k.label() == label)
            }

            /// The labels of `kinds`, for an error message: "`a`, `b` or `c`".
            pub fn labels(kinds: &[Self]) -> String {
                let quoted: Vec<String> = kinds.iter().map(|k| format!("`{}`", k.label())).collect();
                match quoted.split_last() {
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                    None => String::new(),
                }
            }
        }
    };
}

labelled! {
    /// What an actor is: the first level of the actor facet and the first
    /// column of `actors.tsv`.
    ActorKind {
        /// Rebels, militias, jihadist groups, private military companies.
        ArmedGroup = "armed group",
        /// A country's government and its forces.
        StateForces = "state forces",
        /// International bodies, NGOs, parties and other organisations.
        Organisation = "organisation",
        /// A person.
        Person = "person",
    }
}

labelled! {
    /// What kind of name a name is: the entity's own (a country's names and
    /// demonyms, an actor's names), a first-level division's, or the one name
    /// of each division that stands for its towns in matches.
    NameKind {
        /// The entity's own name.
        Name = "name",
        /// A first-level administrative division's name (a province, a
        /// state), or a territory's that names its divisions ("Donbas").
        Admin1 = "admin1",
        /// The name a town hit carries: a town names its division, and the
        /// town itself is in [`super::Hit::town`]; never matched as text.
        Town = "town",
    }
}

labelled! {
    /// What a town of `places.tsv` is (its `kind` column).
    PlaceKind {
        /// A country's capital: its point is the country's on the map.
        Capital = "capital",
        /// Any other town.
        Town = "town",
        /// A second-level division (a district, a sub-prefecture) that no town
        /// of `places.tsv` is named after: shown and counted as a town is.
        District = "district",
    }
}
