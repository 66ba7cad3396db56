//! Average linkage: how the reports of one block of loosely linked
//! documents are split into stories ([`super::copies`]).
//!
//! A story made of every pair of reports that look alike (single linkage)
//! chains: one close pair between two events of one kind (two DUI arrests
//! of players of one team, a coach hired and a coach fired) joins all their
//! reports. Average linkage joins two groups only when their reports look
//! alike on average: it starts from the groups of reprints and joins the
//! two groups of the highest mean similarity over all their pairs (a pair
//! that was not compared counts as 0) while that mean is at least the
//! threshold.
//!
//! The similarities are integers (the dot products of stored sketch
//! weights), summed exactly, and means are compared by cross
//! multiplication, with ties broken by the groups' keys: the result depends
//! on the pairs and keys alone, not on the order they come in, so an index
//! updated in any order groups as a clean build does.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap;

/// One group being joined: its key (the least key of its members, unique),
/// its weight (the members whose similarities count, at least 1) and its
/// summed similarity to each neighbouring group.
struct Cluster {
    key: (i64, u64),
    weight: u64,
    sums: FxHashMap<usize, u64>,
}

/// A candidate join: two groups, their summed similarity and the product of
/// their weights when it was pushed (stale when either changed since).
#[derive(PartialEq, Eq)]
struct Join {
    sum: u64,
    pairs: u64,
    keys: ((i64, u64), (i64, u64)),
    a: usize,
    b: usize,
}

impl Ord for Join {
    /// Higher mean first (exactly, by cross multiplication), then the
    /// smaller keys.
    fn cmp(&self, other: &Self) -> Ordering {
        let mine = u128::from(self.sum) * u128::from(other.pairs);
        let theirs = u128::from(other.sum) * u128::from(self.pairs);
        mine.cmp(&theirs).then_with(|| other.keys.cmp(&self.keys))
    }
}

impl PartialOrd for Join {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Joins `units` by average linkage and returns, for each unit, the
/// position of the first unit of its final group (the groups numbered by
/// their least unit).
///
/// * `units`: per unit, its key (unique) and weight (at least 1).
/// * `pairs`: (unit, unit, similarity) for the compared pairs of members
///   of different units; repeats add up.
/// * `least(sum, pairs)`: whether a mean of `sum` over `pairs` pairs is
///   high enough to join.
pub(crate) fn average_linkage(
    units: &[((i64, u64), u64)],
    pairs: impl IntoIterator<Item = (usize, usize, u64)>,
    least: impl Fn(u64, u64) -> bool,
) -> Vec<usize> {
    let mut clusters: Vec<Cluster> = units
        .iter()
        .map(|&(key, weight)| Cluster {
            key,
            weight: weight.max(1),
            sums: FxHashMap::default(),
        })
        .collect();
    for (a, b, similarity) in pairs {
        if a != b {
            *clusters[a].sums.entry(b).or_default() += similarity;
            *clusters[b].sums.entry(a).or_default() += similarity;
        }
    }
    let join = |clusters: &[Cluster], a: usize, b: usize| {
        let (ka, kb) = (clusters[a].key, clusters[b].key);
        Join {
            sum: clusters[a].sums[&b],
            pairs: clusters[a].weight * clusters[b].weight,
            keys: (ka.min(kb), ka.max(kb)),
            a,
            b,
        }
    };
    let mut heap: BinaryHeap<Join> = BinaryHeap::new();
    for (a, cluster) in clusters.iter().enumerate() {
        for &b in cluster.sums.keys().filter(|&&b| a < b) {
            heap.push(join(&clusters, a, b));
        }
    }
    // Where each unit went: a merged cluster points at the one it joined.
    let mut into: Vec<usize> = (0..units.len()).collect();
    let mut alive = vec![true; units.len()];
    while let Some(best) = heap.pop() {
        let (a, b) = (best.a, best.b);
        let current = alive[a]
            && alive[b]
            && clusters[a].sums.get(&b) == Some(&best.sum)
            && clusters[a].weight * clusters[b].weight == best.pairs;
        if !current {
            continue;
        }
        if !least(best.sum, best.pairs) {
            break;
        }
        // b joins a.
        let gone = std::mem::take(&mut clusters[b].sums);
        for (c, sum) in gone {
            if c == a {
                continue;
            }
            clusters[c].sums.remove(&b);
            *clusters[c].sums.entry(a).or_default() += sum;
            *clusters[a].sums.entry(c).or_default() += sum;
        }
        clusters[a].sums.remove(&b);
        clusters[a].weight += clusters[b].weight;
        clusters[a].key = clusters[a].key.min(clusters[b].key);
        alive[b] = false;
        into[b] = a;
        let neighbours: Vec<usize> = clusters[a].sums.keys().copied().collect();
        for c in neighbours {
            heap.push(join(&clusters, a.min(c), a.max(c)));
        }
    }
    // Follow each unit to its final cluster, then name the cluster by its
    // least unit.
    let mut root: Vec<usize> = (0..units.len())
        .map(|mut u| {
            while into[u] != u {
                u = into[u];
            }
            u
        })
        .collect();
    let mut least_unit: FxHashMap<usize, usize> = FxHashMap::default();
    for (u, &r) in root.iter().enumerate() {
        least_unit.entry(r).or_insert(u);
    }
    for r in &mut root {
        *r = least_unit[r];
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_least_half(sum: u64, pairs: u64) -> bool {
        2 * sum >= pairs * 100
    }

    #[test]
    fn one_close_pair_does_not_join_two_groups() {
        // Two tight triples (similarity 90 within), one pair across at 80:
        // single linkage would join all six; the mean across is 80/9.
        let units: Vec<((i64, u64), u64)> = (0..6).map(|i| ((0, i), 1)).collect();
        let mut pairs = vec![(2, 3, 80)];
        for group in [[0, 1, 2], [3, 4, 5]] {
            pairs.extend([
                (group[0], group[1], 90),
                (group[1], group[2], 90),
                (group[0], group[2], 90),
            ]);
        }
        let joined = average_linkage(&units, pairs.clone(), at_least_half);
        assert_eq!(joined, vec![0, 0, 0, 3, 3, 3]);
        // The order of the pairs does not matter.
        pairs.reverse();
        assert_eq!(average_linkage(&units, pairs, at_least_half), joined);
    }

    #[test]
    fn weights_count_the_pairs_of_a_mean() {
        // A unit of weight 3 (three reprints) close to one report: the mean
        // is the sum over its three pairs.
        let units = [((0, 1), 3), ((0, 2), 1)];
        assert_eq!(
            average_linkage(&units, [(0, 1, 3 * 60)], at_least_half),
            vec![0, 0]
        );
        assert_eq!(
            average_linkage(&units, [(0, 1, 3 * 40)], at_least_half),
            vec![0, 1]
        );
    }
}
