//! A JSON object of answers read straight into its questions' places, for
//! the lines of `batch`: no list of raw answers, no location for each,
//! nothing copied from the line.
//!
//! It accepts only what the careful route ([`RawAnswer::from_json`], then
//! [`Answers::from_raw`]) accepts, and gives the same answers, because each
//! value is checked by the same [`parse_value`]. Anything that route would
//! report (bad JSON, an unknown question, a question answered twice, a value
//! that does not fit) makes it give up instead, and the caller takes the
//! careful route to describe the problems: the good lines, nearly all of a
//! batch, pay for no positions or messages they do not need.

use serde::de::{DeserializeSeed, MapAccess, Visitor};

use super::*;

/// What [`Answers::from_json_slots`] read: the answers, and the value of the
/// extra key, when the line has one.
#[derive(Debug)]
pub struct SlotsRead<'a> {
    /// The answers, in the rule set's question order.
    pub answers: Answers,
    /// The value given for the extra key (such as `batch`'s record id).
    pub extra: Option<RawValue<'a>>,
}

impl Answers {
    /// Reads `text`, one JSON object, into answers as [`RawAnswer::from_json`]
    /// and [`Answers::from_raw`] would, with one key that is not a question
    /// (`extra`) allowed once and handed back as written. `None` when those
    /// would report a problem, or the object has no answers: read it with
    /// them to say what is wrong.
    pub fn from_json_slots<'a>(
        rules: &RuleSet,
        text: &'a str,
        extra: &str,
    ) -> Option<SlotsRead<'a>> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let read = SlotReader { rules, extra }
            .deserialize(&mut deserializer)
            .ok()??;
        deserializer.end().ok()?;
        Some(read)
    }
}

/// Most questions a rule set may have for the straight reading (more than
/// [`crate::rules::limits::MAX_QUESTIONS`]); a larger one is read the careful way.
const MAX_SLOTS: usize = 320;

/// The visitor of [`Answers::from_json_slots`]: `Ok(None)` where the
/// careful route reports a problem.
struct SlotReader<'r, 'k> {
    rules: &'r RuleSet,
    extra: &'k str,
}

impl<'de> DeserializeSeed<'de> for SlotReader<'_, '_> {
    type Value = Option<SlotsRead<'de>>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SlotReader<'_, '_> {
    type Value = Option<SlotsRead<'de>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object of answers")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let rules = self.rules;
        if rules.questions.len() > MAX_SLOTS {
            return Ok(None);
        }
        // Room for every question, so that filling in defaults adds no copy.
        let mut answers: Vec<(Text, Answer)> = Vec::with_capacity(rules.questions.len());
        let mut extra = None;
        // The questions answered so far, a bit each: a question answered
        // twice is seen at once, and the number answered before a question
        // is where its answer goes, so the answers stay in question order
        // whatever the order of the keys.
        let mut seen = [0u64; MAX_SLOTS / 64];
        // Where the next key's question is looked for first (see `question_slot_from`).
        let mut next = 0;
        // A question answered twice or an unknown key ends the reading, so
        // no line gets past `MAX_ANSWERS` keys here.
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if key == self.extra {
                if extra.is_some() {
                    return Ok(None);
                }
                extra = Some(map.next_value::<RawValue<'de>>()?);
                continue;
            }
            let Some(slot) = rules.question_slot_from(&key, next) else {
                return Ok(None);
            };
            next = slot + 1;
            let (word, bit) = (slot / 64, 1u64 << (slot % 64));
            if seen[word] & bit != 0 {
                return Ok(None);
            }
            let question = &rules.questions[slot];
            let value = map.next_value::<RawValue<'de>>()?;
            let Ok(answer) = parse_value(question, rules.into(), &value) else {
                return Ok(None);
            };
            let before = seen[..word].iter().map(|w| w.count_ones()).sum::<u32>()
                + (seen[word] & (bit - 1)).count_ones();
            seen[word] |= bit;
            answers.insert(before as usize, (question.id.clone(), answer));
        }
        if answers.is_empty() {
            return Ok(None);
        }
        Ok(Some(SlotsRead {
            answers: Answers {
                answers,
                signals: Vec::new(),
            },
            extra,
        }))
    }

    // Anything but an object is a problem the careful route describes.
    // (Giving up without reading the rest makes serde_json report an error,
    // which is taken as giving up too.)
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Ok(None)
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, _: &'de str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}
