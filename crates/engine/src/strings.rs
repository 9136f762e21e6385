//! [`Text`]: a string of the rule set that, in a rule set compiled into the
//! program, points into the binary instead of being copied to the heap.
//!
//! Reading the embedded snapshot used to make some 3,000 small heap copies
//! of the rule set's words, and at start-up those copies (allocations and
//! the pages they touch) cost more than parsing itself; checking that each
//! string read is UTF-8 was then the largest cost left. So the snapshot
//! saves every string once in a string table, a text file the compiler
//! embeds (and checks is UTF-8), and a `Text` read from the snapshot is a
//! slice of it: no copy, no check. Every other string (rule files) is owned
//! as usual. The rest of the program uses a `Text` as a `&str`, and
//! compares ids with [`same_id`]. This module depends on no other of the
//! engine's, so the rule set, the answers and the signals can all hold
//! `Text`s without depending on one another for it.

use std::borrow::{Borrow, Cow};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;

/// A string of the rule set, borrowed from the binary where it can be.
///
/// To copy one into a `String` on a hot path, write `text.as_str().to_owned()`:
/// `to_string()` works too, but goes through `Display` and is slower.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Cow<'static, str>);

impl Text {
    /// The text as a `&str`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text(Cow::Owned(text))
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Self {
        Text(Cow::Owned(text.clone()))
    }
}

impl From<&Text> for Text {
    fn from(text: &Text) -> Self {
        text.clone()
    }
}

impl From<&'static str> for Text {
    fn from(text: &'static str) -> Self {
        Text(Cow::Borrowed(text))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.0.into_owned()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl serde::Serialize for Text {
    /// A self-describing format (JSON, TOML) gets the string itself; a binary
    /// one, which only the embedded snapshot uses, gets its place in the
    /// snapshot's string table (see `with_string_table`).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            return serializer.serialize_str(&self.0);
        }
        match TABLE.with(|table| table.borrow_mut().as_mut().map(|t| t.saved_place(&self.0))) {
            Some(place) => place.serialize(serializer),
            None => Err(serde::ser::Error::custom(
                "a rule set is saved in binary form only through snapshot::render",
            )),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Text {
    /// The inverse of `serialize`: in binary form, a place in the string
    /// table given to `reading_strings`, borrowed from it without copying
    /// or checking it again (the compiler checked that an embedded table is
    /// UTF-8 when it embedded it).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text(Cow::Owned(text.to_string())))
            }

            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Text, E> {
                Ok(Text(Cow::Owned(text)))
            }
        }

        if deserializer.is_human_readable() {
            return deserializer.deserialize_str(Visitor);
        }
        let saved = Place::deserialize(deserializer)?;
        // Saved relative to where the string after the one read before
        // starts ([`StringTable::saved_place`]).
        let place = Place {
            start: NEXT.get().wrapping_add(saved.start),
            len: saved.len,
        };
        NEXT.set(place.following());
        READING
            .get()
            .and_then(|table| table.get(place.start as usize..place.end()?))
            .map(|text| Text(Cow::Borrowed(text)))
            .ok_or_else(|| serde::de::Error::custom("a string outside the string table"))
    }
}

/// Where a string is in the string table: its first byte and its length.
///
/// Saved as eight bytes (both numbers little-endian), not as two of
/// postcard's variable-length numbers: the embedded rule set has some 3,000
/// strings, and reading fixed bytes takes half the time. The first byte is
/// saved relative to the end of the string saved before (wrapping), which
/// for a string new to the table is 0: the table is written in the order
/// the strings are saved, so most places are saved as zeros and a length,
/// which gzip (the web page's download) compresses far better than places
/// all over the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    start: u32,
    len: u32,
}

impl Place {
    /// One past the string's last byte, when that is a possible index.
    fn end(self) -> Option<usize> {
        (self.start as usize).checked_add(self.len as usize)
    }

    /// Where a string added to the table after this one starts: past this
    /// one and the newline after it (wrapping, as saved places are).
    fn following(self) -> u32 {
        self.start.wrapping_add(self.len).wrapping_add(1)
    }
}

impl serde::Serialize for Place {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut bytes = [0; 8];
        bytes[..4].copy_from_slice(&self.start.to_le_bytes());
        bytes[4..].copy_from_slice(&self.len.to_le_bytes());
        serializer.serialize_bytes(&bytes)
    }
}

impl<'de> serde::Deserialize<'de> for Place {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Place;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("eight bytes: a string's place in the string table")
            }

            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Place, E> {
                let number = |at: usize| {
                    bytes
                        .get(at..at + 4)
                        .and_then(|four| <[u8; 4]>::try_from(four).ok())
                        .map(u32::from_le_bytes)
                };
                match (bytes.len(), number(0), number(4)) {
                    (8, Some(start), Some(len)) => Ok(Place { start, len }),
                    _ => Err(E::invalid_length(bytes.len(), &self)),
                }
            }
        }

        deserializer.deserialize_bytes(Visitor)
    }
}

/// The string table being written: every distinct string once, each on a
/// line of its own so that the file can be read and diffed.
struct StringTable {
    text: String,
    places: HashMap<String, Place>,
    /// Where the string after the one saved before starts: saved places
    /// are relative to it.
    next: u32,
}

impl StringTable {
    /// The place of `text`, added to the table if it is not there yet.
    fn place(&mut self, text: &str) -> Place {
        if let Some(place) = self.places.get(text) {
            return *place;
        }
        // The table is a few hundred kilobytes; saturating keeps this total,
        // and a place past the end would fail to read back, which the
        // snapshot's round-trip test shows.
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let place = Place {
            start: to_u32(self.text.len()),
            len: to_u32(text.len()),
        };
        self.text.push_str(text);
        self.text.push('\n');
        self.places.insert(text.to_owned(), place);
        place
    }

    /// The place of `text` as saved: its start relative to [`Self::next`].
    fn saved_place(&mut self, text: &str) -> Place {
        let place = self.place(text);
        let saved = Place {
            start: place.start.wrapping_sub(self.next),
            len: place.len,
        };
        self.next = place.following();
        saved
    }
}

thread_local! {
    /// The table that binary [`Text`]s are written to, while
    /// [`with_string_table`] runs on this thread.
    static TABLE: RefCell<Option<StringTable>> = const { RefCell::new(None) };
    /// The table that binary [`Text`]s are read from, while
    /// [`reading_strings`] runs on this thread.
    static READING: Cell<Option<&'static str>> = const { Cell::new(None) };
    /// Where the string after the one read before starts, while
    /// [`reading_strings`] runs: saved places are relative to it.
    static NEXT: Cell<u32> = const { Cell::new(0) };
}

/// Runs `write`, which saves rule-set values in a binary format, with an
/// empty string table; returns what `write` returned and the table. Each
/// [`Text`] is saved as its place in the table, and read back from it by
/// [`reading_strings`] ([`super::snapshot`]).
pub(super) fn with_string_table<R>(write: impl FnOnce() -> R) -> (R, String) {
    TABLE.with(|table| {
        *table.borrow_mut() = Some(StringTable {
            text: String::new(),
            places: HashMap::new(),
            next: 0,
        })
    });
    let written = write();
    let table = TABLE.with(|table| table.borrow_mut().take());
    (written, table.map(|t| t.text).unwrap_or_default())
}

/// Runs `read`, which reads rule-set values from a binary format, with
/// `table` as the string table its [`Text`]s are slices of.
/// Each value saved apart (the rule set, each translation) is read with a
/// call of its own, as [`restart_places`] began it.
pub(super) fn reading_strings<R>(table: &'static str, read: impl FnOnce() -> R) -> R {
    let before = READING.replace(Some(table));
    let next = NEXT.replace(0);
    let read = read();
    READING.set(before);
    NEXT.set(next);
    read
}

/// Begins a value saved apart, read back with a [`reading_strings`] of its
/// own: its first place is relative to the start of the table, as that
/// reading expects, not to the end of the value saved before.
pub(crate) fn restart_places() {
    TABLE.with(|table| {
        if let Some(table) = table.borrow_mut().as_mut() {
            table.next = 0;
        }
    });
}

/// `a == b`, for ids of the rule set: the same string in memory is equal
/// without comparing bytes, and strings whose first bytes differ are
/// unequal without a call to `memcmp` (which took 8 % of `batch`'s time).
pub fn same_id(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && (std::ptr::eq(a.as_ptr(), b.as_ptr())
            || (a.as_bytes().first() == b.as_bytes().first() && a == b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In binary form a `Text` is its place in the string table: it reads
    /// back as a slice of the embedded table, not a copy, and a place outside
    /// the table is an error, not a panic. JSON has the string itself.
    #[test]
    fn binary_texts_are_places_in_the_string_table() {
        let table: &'static str = "Nairobi\nKenya\n";
        let (saved, written) = with_string_table(|| {
            let texts = [
                Text::from("Kenya"),
                Text::from("Nairobi"),
                Text::from("Kenya"),
            ];
            postcard::to_allocvec(&texts).expect("saved")
        });
        assert_eq!(
            written, "Kenya\nNairobi\n",
            "each string once, in the order saved"
        );
        let written: &'static str = written.leak();
        let read: [Text; 3] =
            reading_strings(written, || postcard::from_bytes(&saved)).expect("read back");
        assert_eq!(read, ["Kenya", "Nairobi", "Kenya"]);
        // A string new to the table is saved at 0 from where the one before
        // ended: "Nairobi" as (0, 7), its length prefix first.
        let nairobi = [8, 0, 0, 0, 0, 7, 0, 0, 0];
        assert!(saved.windows(9).any(|bytes| bytes == nairobi), "{saved:?}");

        let start = table.find("Kenya").expect("Kenya is in the table");
        let place = Place {
            start: u32::try_from(start).expect("small"),
            len: 5,
        };
        let bytes = postcard::to_allocvec(&place).expect("saved");
        let read: Text =
            reading_strings(table, || postcard::from_bytes(&bytes)).expect("read back");
        assert_eq!(read, "Kenya");
        assert!(matches!(read.0, Cow::Borrowed(_)));
        assert_eq!(read.as_ptr(), table[start..].as_ptr(), "no copy");

        let outside = Place {
            start: u32::MAX,
            len: 5,
        };
        let bytes = postcard::to_allocvec(&outside).expect("saved");
        assert!(reading_strings(table, || postcard::from_bytes::<Text>(&bytes)).is_err());
        let inside = postcard::to_allocvec(&place).expect("saved");
        assert!(
            postcard::from_bytes::<Text>(&inside).is_err(),
            "binary texts are read only inside reading_strings"
        );
        assert!(
            postcard::to_allocvec(&Text::from("x")).is_err(),
            "binary form only inside with_string_table"
        );

        let escaped: Text = serde_json::from_str(r#""a \"quoted\" word""#).expect("a string");
        assert_eq!(escaped, "a \"quoted\" word");
        assert_eq!(
            serde_json::to_string(&escaped).expect("JSON"),
            r#""a \"quoted\" word""#
        );
    }
}
