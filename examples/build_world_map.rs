//! Builds the world map of `sitrep serve` (`src/serve/assets/world.json`): the country outlines
//! of Natural Earth's 1:110m Admin 0 countries (public domain), as SVG paths keyed by the
//! ISO 3166-1 alpha-3 codes of `index-schema/regions.tsv`.
//!
//! The input is `countries-110m.json` of the npm package `world-atlas` 2.0.2 (Natural Earth
//! 4.1.0 as TopoJSON, ISC licence for the packaging), fetched through the npm registry:
//!
//! ```text
//! npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
//! cargo run --example build_world_map -- package/countries-110m.json \
//!     ../shared/data/gaz-world-countries/countries.json src/serve/assets/world.json
//! ```
//!
//! TopoJSON stores each shared border once, quantised and delta-encoded; this program decodes
//! the arcs into rings and writes each country as one SVG path in an equirectangular
//! projection (x = longitude, y = -latitude, in degrees, one decimal: ~11 km, below what a
//! 1:110m outline resolves), so the page draws it in a `-180 -90 360 180` view box without any
//! projection code. World-atlas names a country by its ISO 3166-1 numeric code; the alpha-3
//! code comes from mledoze's countries.json (`ccn3` -> `cca3`, Kosovo's `UNK` as sitrep's `XKX`),
//! and by name where the numeric code is missing. Shapes with neither (N. Cyprus, Somaliland)
//! are drawn without a code: no facet value stands for them.

use std::error::Error;
use std::fs;

use serde_json::{json, Value};

type Res<T> = Result<T, Box<dyn Error>>;

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [topology, countries, out] = args.as_slice() else {
        return Err("usage: build_world_map COUNTRIES-110M.json COUNTRIES.json OUT.json".into());
    };
    let topology: Value = serde_json::from_str(&fs::read_to_string(topology)?)?;
    let codes = Codes::read(countries)?;
    let arcs = decode_arcs(&topology)?;
    let geometries = topology["objects"]["countries"]["geometries"]
        .as_array()
        .ok_or("no objects.countries.geometries")?;
    let mut shapes = Vec::new();
    for g in geometries {
        let name = g["properties"]["name"].as_str().unwrap_or_default();
        let iso = codes.of(g["id"].as_str(), name);
        let polygons: Vec<&Value> = match g["type"].as_str() {
            Some("Polygon") => vec![&g["arcs"]],
            Some("MultiPolygon") => g["arcs"].as_array().ok_or("bad arcs")?.iter().collect(),
            _ => continue,
        };
        let mut d = String::new();
        for polygon in polygons {
            for ring in polygon.as_array().ok_or("bad polygon")? {
                d.push_str(&ring_path(&ring_points(ring, &arcs)?));
            }
        }
        shapes.push(json!({ "iso": iso, "name": name, "d": d }));
    }
    shapes.sort_by_key(|s| s["name"].as_str().unwrap_or_default().to_string());
    let linked = shapes.iter().filter(|s| !s["iso"].is_null()).count();
    let asset = json!({
        "source": "Natural Earth 1:110m Admin 0 countries (public domain), version 4.1.0, via the npm package world-atlas 2.0.2; built by examples/build_world_map.rs",
        "projection": "equirectangular: x = longitude, y = -latitude (degrees)",
        "countries": shapes,
    });
    fs::write(out, serde_json::to_string(&asset)? + "\n")?;
    eprintln!(
        "{out}: {} shapes, {linked} with an ISO code",
        asset["countries"].as_array().map_or(0, Vec::len)
    );
    Ok(())
}

/// ISO 3166-1 numeric code and English name -> alpha-3.
struct Codes {
    by_number: Vec<(String, String)>,
    by_name: Vec<(String, String)>,
}

impl Codes {
    fn read(path: &str) -> Res<Codes> {
        let all: Value = serde_json::from_str(&fs::read_to_string(path)?)?;
        let mut codes = Codes {
            by_number: Vec::new(),
            by_name: Vec::new(),
        };
        for c in all.as_array().ok_or("countries.json: not an array")? {
            // regions.tsv writes Kosovo as XKX, its common user-assigned code.
            let cca3 = match c["cca3"].as_str().unwrap_or_default() {
                "UNK" => "XKX",
                code => code,
            }
            .to_string();
            if let Some(n) = c["ccn3"].as_str().filter(|n| !n.is_empty()) {
                codes.by_number.push((n.to_string(), cca3.clone()));
            }
            for key in ["common", "official"] {
                if let Some(name) = c["name"][key].as_str() {
                    codes.by_name.push((name.to_string(), cca3.clone()));
                }
            }
        }
        Ok(codes)
    }

    fn of(&self, number: Option<&str>, name: &str) -> Option<String> {
        let find = |list: &[(String, String)], key: &str| {
            list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        };
        number
            .and_then(|n| find(&self.by_number, n))
            .or_else(|| find(&self.by_name, name))
    }
}

/// Every arc as absolute longitude/latitude points.
fn decode_arcs(topology: &Value) -> Res<Vec<Vec<(f64, f64)>>> {
    let number = |v: &Value| v.as_f64().ok_or("not a number");
    let transform = &topology["transform"];
    let (sx, sy) = (
        number(&transform["scale"][0])?,
        number(&transform["scale"][1])?,
    );
    let (tx, ty) = (
        number(&transform["translate"][0])?,
        number(&transform["translate"][1])?,
    );
    let mut out = Vec::new();
    for arc in topology["arcs"].as_array().ok_or("no arcs")? {
        let (mut x, mut y) = (0.0, 0.0);
        let mut points = Vec::new();
        for p in arc.as_array().ok_or("bad arc")? {
            x += number(&p[0])?;
            y += number(&p[1])?;
            points.push((x * sx + tx, y * sy + ty));
        }
        out.push(points);
    }
    Ok(out)
}

/// A ring's points from its arc indices (`~i`, i.e. `-i - 1`, is arc `i` reversed); each arc
/// after the first starts where the one before ended, so its first point is skipped.
fn ring_points(ring: &Value, arcs: &[Vec<(f64, f64)>]) -> Res<Vec<(f64, f64)>> {
    let mut points: Vec<(f64, f64)> = Vec::new();
    for index in ring.as_array().ok_or("bad ring")? {
        let i = index.as_i64().ok_or("bad arc index")?;
        let arc = arcs
            .get(if i < 0 { !i } else { i } as usize)
            .ok_or("arc index out of range")?;
        let mut part = arc.clone();
        if i < 0 {
            part.reverse();
        }
        let skip = usize::from(!points.is_empty());
        points.extend(part.into_iter().skip(skip));
    }
    Ok(points)
}

/// An SVG subpath, one decimal, consecutive equal points dropped.
fn ring_path(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    let mut last = String::new();
    for &(lon, lat) in points {
        let point = format!("{:.1} {:.1}", lon, -lat);
        if point == last {
            continue;
        }
        d.push(if d.is_empty() { 'M' } else { 'L' });
        d.push_str(&point);
        last = point;
    }
    if !d.is_empty() {
        d.push('Z');
    }
    d
}
