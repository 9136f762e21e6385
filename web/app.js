// offercheck's web page: draws the screens the engine (crates/web, compiled
// to WebAssembly) gives for the answers so far. The page keeps only the
// answers and where the person is; every text comes from the rule data.
// Nothing is sent anywhere, and nothing is stored unless the person ticks
// "keep my answers on this phone".
import init, { ui, step } from "./pkg/offercheck_web.js";

const STORE = "offercheck.answers";

const state = {
  lang: "en",
  texts: {},
  languages: [],
  answers: {},
  place: { mode: "walk" },
  screen: "start", // start, paste, or an engine screen: question, review, report
  response: null,
  keep: false,
  note: "",
};

const app = document.getElementById("app");

// ---- small helpers

function t(key, values = {}) {
  let text = state.texts[key] ?? key;
  for (const [name, value] of Object.entries(values)) {
    text = text.split(`{${name}}`).join(String(value));
  }
  return text;
}

// An element with attributes (on* are listeners) and children.
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function button(label, onclick, cls = "button", attrs = {}) {
  return h("button", { type: "button", class: cls, onclick, ...attrs }, label);
}

// ---- the engine

function loadWording(lang) {
  const wording = JSON.parse(ui(lang));
  if (wording.error) throw new Error(wording.error);
  state.lang = wording.lang;
  state.texts = wording.texts;
  state.languages = wording.languages;
  document.documentElement.lang = state.lang;
  document.title = `offercheck · ${t("web_title")}`;
}

function send(action) {
  const request = { lang: state.lang, answers: state.answers, place: state.place };
  if (action) request.action = action;
  const response = JSON.parse(step(JSON.stringify(request)));
  if (response.error) throw new Error(response.error);
  state.response = response;
  state.answers = response.answers;
  state.place = response.place;
  state.screen = response.screen;
  save();
  draw();
}

// Web addresses and e-mail domains reach the engine with their host in
// ASCII (`xn--` for an international name), turned by the browser's own URL
// parser, which follows the same WHATWG rules as the url crate of the
// command line: the page's engine carries no Unicode tables for
// international names (crates/web/Cargo.toml says why). Only the host is
// replaced; what the browser cannot read as a host is handed on as typed,
// for the engine to refuse.
const NON_ASCII = /[^\x00-\x7f]/;

function asciiHost(kind, text) {
  if (!NON_ASCII.test(text)) return text;
  const trimmed = text.trim();
  try {
    if (kind === "email") {
      const at = trimmed.lastIndexOf("@");
      const domain = trimmed.slice(at + 1);
      if (at < 0 || !NON_ASCII.test(domain)) return text;
      return trimmed.slice(0, at + 1) + new URL(`http://${domain}`).hostname;
    }
    if (kind !== "url") return text;
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(trimmed);
    const start = scheme ? scheme[0].length : 0;
    const rest = trimmed.slice(start).search(/[/?#\\]/);
    const end = rest < 0 ? trimmed.length : start + rest;
    const authority = trimmed.slice(start, end);
    const hostStart = start + authority.lastIndexOf("@") + 1;
    const port = /:\d*$/.exec(trimmed.slice(hostStart, end));
    const hostEnd = port ? end - port[0].length : end;
    if (!NON_ASCII.test(trimmed.slice(hostStart, hostEnd))) return text;
    const url = new URL(scheme ? trimmed : `http://${trimmed}`);
    return trimmed.slice(0, hostStart) + url.hostname + trimmed.slice(hostEnd);
  } catch {
    return text;
  }
}

// ---- keeping the answers, only when asked

function save() {
  if (!state.keep) return;
  try {
    localStorage.setItem(STORE, JSON.stringify({ answers: state.answers, place: state.place, lang: state.lang }));
  } catch (_) {
    // Storage refused (a private window): the answers simply are not kept.
  }
}

function restore() {
  try {
    const kept = localStorage.getItem(STORE);
    return kept ? JSON.parse(kept) : null;
  } catch (_) {
    return null;
  }
}

function forget() {
  try {
    localStorage.removeItem(STORE);
  } catch (_) {
    // Nothing was stored.
  }
}

// ---- screens

let draws = 0;

function draw() {
  app.replaceChildren(header(), ...screen().flat().filter(Boolean), footer());
  // What is on screen, for the browser tests and the timing benchmark.
  app.dataset.screen = state.screen;
  app.dataset.step = String(++draws);
  if (draws === 1) performance.mark("offercheck-ready");
  if (state.screen === "question" && !performance.getEntriesByName("offercheck-question").length) {
    performance.mark("offercheck-question");
  }
  window.scrollTo(0, 0);
  const title = app.querySelector("h1");
  if (title) {
    title.setAttribute("tabindex", "-1");
    title.focus({ preventScroll: true });
  }
}

function screen() {
  switch (state.screen) {
    case "start": return startScreen();
    case "paste": return pasteScreen();
    case "question": return questionScreen(state.response);
    case "review": return reviewScreen(state.response);
    case "report": return reportScreen(state.response);
    default: return [];
  }
}

function header() {
  const select = h("select", {
    id: "lang",
    onchange: (event) => {
      loadWording(event.target.value);
      if (["question", "review", "report"].includes(state.screen)) send();
      else draw();
      save();
    },
  }, state.languages.map((language) =>
    h("option", { value: language.code, selected: language.code === state.lang }, language.name)));
  return h("header", { class: "top" },
    h("span", { class: "brand" }, "offercheck"),
    h("label", { for: "lang", class: "lang" }, t("web_language"), " ", select));
}

function footer() {
  const keep = h("input", {
    type: "checkbox",
    id: "keep",
    checked: state.keep,
    onchange: (event) => {
      state.keep = event.target.checked;
      if (state.keep) {
        save();
        state.note = t("web_kept");
      } else {
        forget();
        state.note = t("web_deleted");
      }
      draw();
    },
  });
  return h("footer", { class: "privacy" },
    h("p", {}, t("web_private")),
    h("p", { class: "keep" }, h("label", { for: "keep" }, keep, " ", t("web_keep"))),
    h("p", { class: "hint" }, t("web_keep_hint")),
    state.keep && button(t("web_delete"), () => {
      forget();
      state.keep = false;
      state.note = t("web_deleted");
      draw();
    }, "button secondary", { id: "delete" }),
    state.note && h("p", { class: "note", role: "status" }, state.note));
}

function startScreen() {
  return [
    h("h1", {}, t("web_title")),
    h("p", { class: "lead" }, t("web_intro")),
    h("div", { class: "choices" },
      button(t("web_start_paste"), () => { state.screen = "paste"; state.note = ""; draw(); }, "button big", { id: "start-paste" }),
      button(t("web_start_questions"), () => { state.note = ""; send(); }, "button big", { id: "start-questions" })),
  ];
}

function pasteScreen(refused) {
  const area = h("textarea", { id: "message", rows: "8", "aria-describedby": "paste-hint" });
  return [
    h("h1", {}, t("web_start_paste")),
    h("p", { id: "paste-hint" }, t("web_paste_hint")),
    refused && h("p", { class: "refused", role: "alert" }, refused),
    h("label", { for: "message", class: "field" }, t("web_paste_label")),
    area,
    h("div", { class: "actions" },
      button(t("web_paste_check"), () => {
        const before = { answers: state.answers, place: state.place };
        send({ kind: "paste", text: area.value });
        if (state.screen !== "report") {
          // Refused: stay on this screen, with why.
          const why = state.response.refused;
          Object.assign(state, before, { screen: "paste" });
          app.replaceChildren(header(), ...pasteScreen(why).filter(Boolean), footer());
        }
      }, "button primary", { id: "check-message" }),
      button(t("web_back"), () => { state.screen = "start"; draw(); }, "button secondary", { id: "back" })),
  ];
}

function questionScreen(response) {
  const question = response.question;
  const parts = [
    h("p", { class: "progress", id: "progress" }, question.progress_text),
    h("progress", { max: question.progress.total, value: question.progress.number, "aria-labelledby": "progress" }),
    h("h1", { id: "question", "data-id": question.id, "data-kind": question.kind }, question.text),
    response.refused && h("p", { class: "refused", role: "alert" }, response.refused),
    h("details", { class: "help" }, h("summary", {}, t("help_item")), h("p", {}, question.help)),
  ];
  const dontKnow = question.options.find((option) => option.id === "unknown");
  const back = () => {
    if (question.can_go_back) send({ kind: "back" });
    else { state.screen = "start"; draw(); }
  };
  if (question.kind === "multi_choice") {
    const boxes = question.options.filter((option) => option.id !== "unknown").map((option) =>
      h("label", { class: "option check" },
        h("input", { type: "checkbox", value: option.number, "data-id": option.id, checked: question.chosen.includes(option.number) }),
        " ", option.label));
    parts.push(
      h("p", { class: "hint" }, t("web_tick_hint")),
      h("fieldset", { class: "options" }, h("legend", { class: "visually-hidden" }, question.text), boxes),
      h("div", { class: "actions" },
        button(t("web_next"), () => {
          const numbers = [...app.querySelectorAll(".options input:checked")].map((box) => Number(box.value));
          send({ kind: "choose", numbers });
        }, "button primary", { id: "next" }),
        dontKnow && optionButton(dontKnow, question)));
  } else if (question.options.length > 0) {
    parts.push(h("div", { class: "options", role: "group", "aria-labelledby": "question" },
      question.options.map((option) => optionButton(option, question))));
  } else {
    const typed = question.id === "offer_text"
      ? h("textarea", { id: "answer", rows: "6", "aria-describedby": "type-hint" })
      : h("input", {
        id: "answer",
        type: { url: "url", email: "email", phone: "tel" }[question.kind] ?? "text",
        inputmode: question.kind === "number" ? "decimal" : undefined,
        autocomplete: "off",
        list: question.countries ? "countries" : undefined,
        "aria-describedby": "type-hint",
      });
    typed.value = question.value ?? "";
    const submit = () => send({ kind: "value", text: asciiHost(question.kind, typed.value) });
    if (typed.tagName === "INPUT") {
      typed.addEventListener("keydown", (event) => { if (event.key === "Enter") submit(); });
    }
    parts.push(
      h("label", { for: "answer", class: "field" }, t("web_answer_label")),
      typed,
      question.countries && h("datalist", { id: "countries" }, question.countries.map((name) => h("option", { value: name }))),
      h("p", { class: "hint", id: "type-hint" }, question.kind === "country" ? t("web_country_hint") : t("web_type_hint")),
      h("div", { class: "actions" },
        button(t("web_next"), submit, "button primary", { id: "next" }),
        button(t("dont_know"), () => send({ kind: "dont_know" }), "button option", { id: "dont-know", "aria-pressed": question.dont_know ? "true" : undefined })));
  }
  parts.push(h("div", { class: "actions" }, button(t("web_back"), back, "button secondary", { id: "back" })));
  return parts;
}

function optionButton(option, question) {
  const chosen = question.chosen.includes(option.number);
  return button(
    [chosen ? "✓ " : "", option.label],
    () => (option.id === "unknown" ? send({ kind: "dont_know" }) : send({ kind: "choose", numbers: [option.number] })),
    chosen ? "button option chosen" : "button option",
    { "aria-pressed": chosen ? "true" : "false", "data-id": option.id },
  );
}

function reviewScreen(response) {
  return [
    h("h1", {}, t("review_title")),
    h("p", {}, t("review_hint")),
    button(t("show_report"), () => send({ kind: "finish" }), "button primary", { id: "show-report-top" }),
    response.refused && h("p", { class: "refused", role: "alert" }, response.refused),
    h("ul", { class: "review" }, response.review.map((line) =>
      h("li", {},
        h("span", { class: "review-question" }, line.question),
        h("strong", { class: "review-answer" }, line.answer),
        button(t("web_change"), () => send({ kind: "change", question: line.id }), "button secondary small",
          { "aria-label": t("web_change_label", { question: line.question }), "data-id": line.id })))),
    h("div", { class: "actions" },
      button(t("show_report"), () => send({ kind: "finish" }), "button primary", { id: "show-report" }),
      button(t("web_back"), () => send({ kind: "back" }), "button secondary", { id: "back" })),
  ];
}

function reportScreen(response) {
  const report = response.report;
  const parts = [
    h("section", { class: `verdict level-${report.level}`, "aria-labelledby": "verdict", "data-level": report.level, "data-score": report.json.score },
      h("p", { class: "verdict-label" }, t("web_verdict_label")),
      h("h1", { id: "verdict" }, report.title),
      h("p", {}, report.summary),
      h("p", { class: "jump" }, h("a", { href: "#contacts" }, t("web_contacts_title")))),
    h("h2", {}, t("web_steps_title")),
    h("ul", { class: "steps" }, report.steps.map((line) => h("li", {}, line))),
    h("h2", { id: "signs" }, report.signs_heading),
  ];
  for (const group of report.groups) {
    if (group.findings.length === 1) {
      parts.push(card(group.findings[0], group));
    } else {
      parts.push(h("section", { class: "group" },
        h("p", { class: "group-heading" }, t("web_group_heading")),
        seen(group),
        group.findings.map((finding) => card(finding, null))));
    }
  }
  if (report.agency.length > 0) {
    parts.push(h("h2", {}, t("web_agency_title")), h("ul", {}, report.agency.map((line) => h("li", {}, line))));
  }
  parts.push(h("h2", { id: "contacts" }, t("web_contacts_title")), h("p", {}, t("channels_intro")));
  for (const channel of report.channels) {
    parts.push(h("article", { class: "channel" },
      h("h3", {}, channel.name),
      h("p", { class: "purpose" }, channel.purpose),
      h("p", {}, channel.description),
      h("p", { class: "links" },
        channel.phone && h("a", { class: "button contact", href: channel.phone.href }, channel.phone.text),
        channel.email && h("a", { class: "button contact", href: channel.email.href }, channel.email.text),
        channel.web && h("a", { class: "link", href: channel.web.href, rel: "noreferrer" }, channel.web.text)),
      channel.reach_via && h("p", {}, channel.reach_via),
      h("p", { class: "source" }, h("a", { href: channel.source.href, rel: "noreferrer" }, channel.source.text))));
  }
  if (report.unanswered.length > 0) {
    parts.push(h("h2", {}, t("web_unanswered_title")), h("p", {}, report.unanswered_intro),
      h("ul", {}, report.unanswered.map((line) => h("li", {}, line))));
  }
  parts.push(
    h("h2", {}, t("web_about_title")),
    h("p", { class: "facts" }, report.facts),
    h("p", { class: "closing" }, report.closing),
    h("div", { class: "actions no-print" },
      button(navigator.share ? t("web_share") : t("web_copy"), () => share(report), "button primary", { id: "share" }),
      button(t("web_print"), () => window.print(), "button secondary", { id: "print" }),
      button(response.questions_left ? t("web_more_questions") : t("web_change_answers"), () => send({ kind: "back" }), "button secondary", { id: "change" }),
      button(t("web_start_again"), () => {
        state.answers = {};
        state.place = { mode: "walk" };
        state.screen = "start";
        state.note = "";
        save();
        draw();
      }, "button secondary", { id: "again" })));
  return parts;
}

function seen(group) {
  return [
    group.said.length > 0 && h("div", { class: "seen" },
      h("p", { class: "label" }, t("what_you_said")),
      h("ul", {}, group.said.map((said) => h("li", {}, said.question, " ", h("strong", {}, said.answer))))),
    group.found.length > 0 && h("div", { class: "seen" },
      h("p", { class: "label" }, t("what_we_found")),
      h("ul", {}, group.found.map((quote) => h("li", {}, quote)))),
  ];
}

// A sign as a card: its title and level always shown, the rest opened by a
// tap, so the list of signs stays short on a phone (printing opens them all).
function card(finding, group) {
  return h("details", { class: `card severity-${finding.severity}`, "data-rule": finding.rule },
    h("summary", {},
      h("h3", {}, finding.title,
        h("span", { class: "severity" }, finding.severity_text, h("span", { class: "meta" }, " · ", finding.meta)))),
    group && seen(group),
    h("p", { class: "label" }, t("why_it_matters")),
    h("p", {}, finding.why),
    h("p", { class: "label" }, t("what_to_do")),
    h("p", {}, finding.advice),
    h("p", { class: "label" }, finding.sources.length === 1 ? t("source_one") : t("source_many")),
    h("ul", { class: "sources" }, finding.sources.map((source) =>
      h("li", {}, h("a", { href: source.href, rel: "noreferrer" }, source.text)))));
}

window.addEventListener("beforeprint", () => {
  for (const details of app.querySelectorAll("details.card:not([open])")) {
    details.setAttribute("open", "");
    details.dataset.printed = "";
  }
});
window.addEventListener("afterprint", () => {
  for (const details of app.querySelectorAll("details[data-printed]")) {
    details.removeAttribute("open");
    delete details.dataset.printed;
  }
});

async function share(report) {
  const text = report.share_text;
  if (navigator.share) {
    try {
      await navigator.share({ title: t("web_share_title"), text });
      return;
    } catch (_) {
      // Cancelled or refused: copying is offered below.
    }
  }
  try {
    await navigator.clipboard.writeText(text);
  } catch (_) {
    const area = h("textarea", { class: "visually-hidden" }, text);
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  state.note = t("web_copied");
  const note = h("p", { class: "note", role: "status", id: "copied" }, state.note);
  app.querySelector("#copied")?.remove();
  app.querySelector(".actions.no-print").after(note);
}

// ---- start

function showError(error) {
  const message = state.texts.web_error ? t("web_error", { error: error.message }) : String(error.message);
  app.replaceChildren(h("h1", {}, "offercheck"), h("p", { class: "refused", role: "alert" }, message));
}

async function start() {
  await init(globalThis.OFFERCHECK_WASM);
  // From here on the page needs nothing from the network: forbid every request.
  const lock = document.createElement("meta");
  lock.httpEquiv = "Content-Security-Policy";
  lock.content = "connect-src 'none'";
  document.head.append(lock);
  const kept = restore();
  const wanted = kept?.lang ?? (navigator.language || "en").slice(0, 2).toLowerCase();
  loadWording(wanted);
  if (kept) {
    state.keep = true;
    state.answers = kept.answers ?? {};
    state.place = kept.place ?? { mode: "walk" };
    try {
      send();
    } catch (error) {
      // Answers kept by an earlier version of the page that this one cannot
      // read (its rule data changed): deleted, so that reloading starts
      // again, as the error message says, instead of failing again.
      forget();
      state.keep = false;
      throw error;
    }
  } else {
    draw();
  }
  if ("serviceWorker" in navigator && location.protocol.startsWith("http")) {
    navigator.serviceWorker.register("sw.js").catch(() => {});
  }
}

window.addEventListener("error", (event) => showError(event.error ?? new Error(event.message)));
start().catch(showError);
