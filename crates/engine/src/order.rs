//! A stable sort for the short lists the engine orders for a report (the
//! rules that fired, the groups of findings, the channels to contact).
//!
//! The standard library's stable sort is fast on long lists, but each type
//! sorted brings its own copy of it, some kilobytes of code that the web
//! page's WebAssembly downloads for a list of a dozen items. Insertion sort
//! is a few hundred bytes per type, stable, and for lists this short as
//! fast (the standard sort itself sorts short runs this way).

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping the order of equal items, as
/// `slice::sort_by` does. Its time grows with the square of the length:
/// for lists of tens of items, such as one per rule that fired, and at most
/// the loader's limits ([`crate::rules::limits::MAX_RULES`] rules,
/// [`crate::rules::limits::MAX_CHANNELS`] channels).
pub(crate) fn sort_short_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    for end in 1..items.len() {
        let mut at = end;
        while at > 0 && compare(&items[at - 1], &items[at]) == Ordering::Greater {
            items.swap(at - 1, at);
            at -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same order as the standard library's stable sort, ties included,
    /// on lists of every length up to 40 with many equal keys.
    #[test]
    fn same_order_as_the_stable_sort() {
        let mut seed = 7u32;
        for len in 0..40 {
            let items: Vec<(u32, usize)> = (0..len)
                .map(|index| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 5, index)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| std::cmp::Reverse(item.0));
            let mut sorted = items;
            sort_short_by(&mut sorted, |a, b| b.0.cmp(&a.0));
            assert_eq!(sorted, expected, "length {len}");
        }
    }
}
