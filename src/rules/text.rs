//! [`Text`]: a string of the rule set that, in the embedded rule set, points
//! into the snapshot inside the binary instead of being copied to the heap.
//!
//! Reading the embedded snapshot used to make some 3,000 small heap copies
//! of the rule set's words, and at start-up those copies (allocations and
//! the pages they touch) cost more than parsing itself. A string read from
//! the snapshot is borrowed from it; every other string (rule files) is
//! owned as usual. The rest of the program uses a `Text` as a `&str`. The
//! saved translations are borrowed from the same way.

use std::borrow::{Borrow, Cow};
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
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// A `Text` is read only from input that lives as long as the program, such
/// as the snapshot embedded in the binary: a string without escapes is then
/// borrowed from it as it is. The types that hold one say so with
/// `#[serde(bound(deserialize = "'de: 'static"))]`; everything else in the
/// program reads its input into types of its own.
impl<'de: 'static> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'static> for Visitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                text: &'static str,
            ) -> Result<Text, E> {
                Ok(Text(Cow::Borrowed(text)))
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

#[cfg(test)]
mod tests {
    use super::super::load::{EMBEDDED_FINGERPRINT, EMBEDDED_SNAPSHOT};
    use super::*;

    /// A string read from the embedded snapshot is borrowed from it, not
    /// copied; one that had to be unescaped is owned; both compare as strings.
    #[test]
    fn borrows_from_the_snapshot() {
        // A saved file starts with the fingerprint: its length, then its bytes.
        let snapshot = EMBEDDED_SNAPSHOT.expect("the snapshot is current");
        let saved = &snapshot[..1 + EMBEDDED_FINGERPRINT.len()];
        let borrowed: Text = postcard::from_bytes(saved).expect("a string");
        assert!(matches!(borrowed.0, Cow::Borrowed(_)));
        assert_eq!(borrowed, EMBEDDED_FINGERPRINT);
        assert_eq!(borrowed.as_ptr(), saved[1..].as_ptr(), "no copy");

        let escaped: Text = serde_json::from_str(r#""a \"quoted\" word""#).expect("a string");
        assert!(matches!(escaped.0, Cow::Owned(_)));
        assert_eq!(escaped, "a \"quoted\" word");
    }
}
