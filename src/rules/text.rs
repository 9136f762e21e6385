//! [`Text`]: a string of the rule set that, in the embedded rule set, points
//! into the snapshot inside the binary instead of being copied to the heap.
//!
//! Reading the embedded snapshot used to make some 3,000 small heap copies
//! of the rule set's words, and at start-up those copies (allocations and
//! the pages they touch) cost more than parsing itself. A string read from
//! the snapshot without escapes is borrowed from it; every other string
//! (rule files, escaped JSON) is owned as usual. The rest of the program
//! uses a `Text` as a `&str`. The saved translations are borrowed from the
//! same way.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;

use super::load::{EMBEDDED_SNAPSHOT, EMBEDDED_TRANSLATIONS};

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
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, text: &'de str) -> Result<Text, E> {
                Ok(match in_snapshot(text) {
                    Some(text) => Text(Cow::Borrowed(text)),
                    None => Text(Cow::Owned(text.to_string())),
                })
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text(Cow::Owned(text.to_string())))
            }

            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Text, E> {
                Ok(Text(Cow::Owned(text)))
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

/// `text` as a piece of the embedded snapshot, when it lies inside it.
///
/// Two strings that share memory are the same bytes, so when `text` starts
/// inside the snapshot, the snapshot's slice at that place is `text` itself,
/// with the snapshot's `'static` lifetime. Anything else gives `None`.
fn in_snapshot(text: &str) -> Option<&'static str> {
    let inside = |saved: &'static str| {
        let start = (text.as_ptr() as usize).checked_sub(saved.as_ptr() as usize)?;
        let end = start.checked_add(text.len())?;
        saved.get(start..end)
    };
    EMBEDDED_SNAPSHOT
        .into_iter()
        .chain(EMBEDDED_TRANSLATIONS.iter().map(|(_, json)| *json))
        .find_map(inside)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A string read from the embedded snapshot is borrowed from it; one read
    /// from elsewhere, or with escapes, is owned; both compare as strings.
    #[test]
    fn borrows_from_the_snapshot_only() {
        let snapshot = EMBEDDED_SNAPSHOT.expect("the snapshot is current");
        let at = snapshot.find("\"fingerprint\"").expect("a key") + 1;
        let key = &snapshot[at..at + "fingerprint".len()];
        let borrowed: Text =
            serde_json::from_str(&snapshot[at - 1..at + key.len() + 1]).expect("a string");
        assert!(matches!(borrowed.0, Cow::Borrowed(_)));
        assert_eq!(borrowed, "fingerprint");
        assert_eq!(borrowed.as_ptr(), key.as_ptr(), "no copy");

        let elsewhere = String::from("\"fingerprint\"");
        let owned: Text = serde_json::from_str(&elsewhere).expect("a string");
        assert!(matches!(owned.0, Cow::Owned(_)));
        assert_eq!(owned, borrowed);

        let escaped: Text = serde_json::from_str(r#""a \"quoted\" word""#).expect("a string");
        assert_eq!(escaped, "a \"quoted\" word");
        assert!(in_snapshot("not in the snapshot").is_none());
    }
}
