//! offercheck's web page for phones: the engine compiled to WebAssembly,
//! with a small JSON API that the page's script (web/app.js) calls.
//!
//! Two functions, each JSON text in and out, so the page needs no glue
//! beyond strings: [`ui`] gives the page's wording in a language (every
//! text from the rule data: `web_*` and shared keys of rules/ui.toml and
//! its translations), and [`step`] drives the questionnaire from the whole
//! state the page keeps, the answers and where the person is ([`api`]). The
//! report is built for the page by [`view`]. Nothing here touches the
//! network, storage or the DOM: the page owns those.

pub mod api;
pub mod view;

use wasm_bindgen::prelude::wasm_bindgen;

/// The page's wording in `lang` (English when the rule set has no such
/// language), as JSON: see [`api::ui`].
#[wasm_bindgen]
pub fn ui(lang: &str) -> String {
    api::ui(lang)
}

/// One step of the questionnaire, as JSON: see [`api::step`].
#[wasm_bindgen]
pub fn step(request: &str) -> String {
    api::step(request)
}
