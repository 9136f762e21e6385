//! [`TextMap`]: the small tables by id or code (the translations and their
//! languages, the calling codes, a session's answers taken back), a list of
//! pairs sorted by key.
//!
//! These tables are mostly built once, when the rules are loaded, and then
//! read, or hold a few entries. A sorted list does that with a binary search
//! and no tree nodes, and
//! it is one kind of code for every table: a `BTreeMap` brings its own
//! B-tree functions (and a sort, to be built from pairs) for each type of
//! value, which the web page's WebAssembly downloads. It reads and saves as
//! a map, in key order, exactly as a `BTreeMap` did.

use std::fmt;

use crate::strings::Text;

/// Values by text key, in key order, each key once.
#[derive(Clone, PartialEq, Eq)]
pub struct TextMap<V> {
    /// The pairs, sorted by key, no key twice.
    pairs: Vec<(Text, V)>,
}

impl<V> Default for TextMap<V> {
    fn default() -> Self {
        TextMap { pairs: Vec::new() }
    }
}

impl<V> TextMap<V> {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Where `key` is, or where it would go.
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.pairs
            .binary_search_by(|(known, _)| known.as_str().cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).ok().map(|at| &self.pairs[at].1)
    }

    /// Whether the table has `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets the value of `key`, giving back the value it replaces.
    pub fn insert(&mut self, key: Text, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.pairs[at].1, value)),
            Err(at) => {
                self.pairs.insert(at, (key, value));
                None
            }
        }
    }

    /// Takes `key` out of the table, giving back its value.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.find(key).ok().map(|at| self.pairs.remove(at).1)
    }

    /// The value of `key`, made with its default first if it has none.
    pub fn get_or_default(&mut self, key: Text) -> &mut V
    where
        V: Default,
    {
        let at = match self.find(&key) {
            Ok(at) => at,
            Err(at) => {
                self.pairs.insert(at, (key, V::default()));
                at
            }
        };
        &mut self.pairs[at].1
    }

    /// How many keys the table has.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether the table has no keys.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&Text, &V)> {
        self.pairs.iter().map(|(key, value)| (key, value))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &Text> {
        self.pairs.iter().map(|(key, _)| key)
    }

    /// The values, in key order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.pairs.iter().map(|(_, value)| value)
    }
}

impl<V> FromIterator<(Text, V)> for TextMap<V> {
    /// The table of the pairs; a repeated key keeps its last value.
    fn from_iter<I: IntoIterator<Item = (Text, V)>>(pairs: I) -> Self {
        let mut map = TextMap::new();
        for (key, value) in pairs {
            map.insert(key, value);
        }
        map
    }
}

impl<'a, V> IntoIterator for &'a TextMap<V> {
    type Item = (&'a Text, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (Text, V)>, fn(&(Text, V)) -> (&Text, &V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.pairs.iter().map(|(key, value)| (key, value))
    }
}

impl<V> IntoIterator for TextMap<V> {
    type Item = (Text, V);
    type IntoIter = std::vec::IntoIter<(Text, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.pairs.into_iter()
    }
}

impl<V: fmt::Debug> fmt::Debug for TextMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V: serde::Serialize> serde::Serialize for TextMap<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for TextMap<V> {
    /// A map saved from a `TextMap` (or a `BTreeMap`) comes in key order, and
    /// each pair is then added at the end, with one comparison. Pairs out of
    /// order still give the right table, and a repeated key keeps its last
    /// value, as a `BTreeMap` would.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pairs<V>(std::marker::PhantomData<V>);

        impl<'de, V: serde::Deserialize<'de>> serde::de::Visitor<'de> for Pairs<V> {
            type Value = TextMap<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = TextMap {
                    pairs: Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096)),
                };
                while let Some((key, value)) = map.next_entry::<Text, V>()? {
                    if out.pairs.last().is_none_or(|(last, _)| *last < key) {
                        out.pairs.push((key, value));
                    } else {
                        out.insert(key, value);
                    }
                }
                Ok(out)
            }
        }

        deserializer.deserialize_map(Pairs(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table read back is the same whatever the order of its pairs, a
    /// repeated key keeps its last value, as `BTreeMap` does, and it saves
    /// as the same map a `BTreeMap` saves.
    #[test]
    fn maps_read_in_any_order() {
        let sorted: TextMap<u32> =
            serde_json::from_str(r#"{"a": 1, "b": 2, "c": 3}"#).expect("a map");
        let shuffled: TextMap<u32> =
            serde_json::from_str(r#"{"c": 3, "a": 0, "b": 2, "a": 1}"#).expect("a map");
        assert_eq!(sorted, shuffled);
        assert_eq!(
            sorted.clone().into_iter().collect::<Vec<_>>(),
            [("a".into(), 1), ("b".into(), 2), ("c".into(), 3)]
        );
        let tree: std::collections::BTreeMap<String, u32> =
            serde_json::from_str(r#"{"c": 3, "a": 1, "b": 2}"#).expect("a map");
        assert_eq!(
            serde_json::to_string(&sorted).expect("saves"),
            serde_json::to_string(&tree).expect("saves")
        );
        assert_eq!(format!("{sorted:?}"), format!("{tree:?}"));
    }

    /// Lookups, replacing and filling in defaults keep the keys in order.
    #[test]
    fn lookups_and_inserts() {
        let mut map: TextMap<u32> = [("b".into(), 2), ("a".into(), 1)].into_iter().collect();
        assert_eq!(map.get("a"), Some(&1));
        assert_eq!(map.get("z"), None);
        assert!(map.contains_key("b") && !map.contains_key("c"));
        assert_eq!(map.insert("b".into(), 20), Some(2));
        *map.get_or_default("c".into()) += 3;
        *map.get_or_default("a".into()) += 10;
        assert_eq!(
            map.iter()
                .map(|(k, v)| (k.as_str(), *v))
                .collect::<Vec<_>>(),
            [("a", 11), ("b", 20), ("c", 3)]
        );
        assert_eq!(map.len(), 3);
        assert!(!map.is_empty() && TextMap::<u32>::new().is_empty());
        assert_eq!(
            map.keys().map(Text::as_str).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(map.values().copied().collect::<Vec<_>>(), [11, 20, 3]);
        assert_eq!(map.remove("b"), Some(20));
        assert_eq!(map.remove("b"), None);
        assert_eq!(map.keys().map(Text::as_str).collect::<Vec<_>>(), ["a", "c"]);
    }
}
