// The review desk's one script (served from /static, allowed by the page's CSP).
// It signs in (the token stays in this tab's sessionStorage, never in a URL or a
// cookie), sends reviews as JSON with the token in the Authorization header, and
// adds the keyboard shortcuts. Text from documents is only ever set as textContent.
"use strict";

const KEY = "sitrep-desk";

function session() {
  try { return JSON.parse(sessionStorage.getItem(KEY) || "null"); } catch (e) { return null; }
}

function say(text, isError) {
  const box = document.getElementById("message");
  if (!box) { return; }
  box.textContent = text;
  box.classList.toggle("error", Boolean(isError));
}

async function post(url, body, token) {
  const reply = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
    body: JSON.stringify(body),
    credentials: "omit",
  });
  let data = null;
  try { data = await reply.json(); } catch (e) { data = null; }
  if (!reply.ok) {
    const message = data && data.error ? data.error.message : "HTTP " + reply.status;
    throw new Error(message);
  }
  return data;
}

function showSession() {
  const who = session();
  const form = document.getElementById("signin");
  const signed = document.getElementById("signed-in");
  if (form) { form.hidden = Boolean(who); }
  if (signed) { signed.hidden = !who; }
  const name = document.getElementById("who");
  if (name && who) { name.textContent = who.reviewer; }
  const needs = document.getElementById("needs-signin");
  if (needs) { needs.hidden = Boolean(who); }
}

function setUpSignIn() {
  const form = document.getElementById("signin");
  if (!form) { return; }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const reviewer = form.elements.reviewer.value.trim();
    const token = form.elements.token.value;
    try {
      await post("/api/auth", {}, token);
      sessionStorage.setItem(KEY, JSON.stringify({ reviewer: reviewer, token: token }));
      form.reset();
      say("Signed in as " + reviewer + ".");
      showSession();
    } catch (err) {
      say("Sign-in failed: " + err.message, true);
    }
  });
  document.getElementById("signout").addEventListener("click", () => {
    sessionStorage.removeItem(KEY);
    showSession();
    say("Signed out.");
  });
}

async function review(action, fields, note) {
  const controls = document.getElementById("controls");
  const who = session();
  if (!controls || controls.hidden) { return; }
  if (!who) { say("Sign in first (top of the page).", true); return; }
  const body = { action: action, reviewer: who.reviewer };
  if (fields) { body.fields = fields; }
  if (note) { body.note = note; }
  try {
    await post("/api/events/" + encodeURIComponent(controls.dataset.event) + "/review", body, who.token);
    sessionStorage.setItem(KEY + "-said", action + " saved");
    window.location.reload();
  } catch (err) {
    say("Not saved: " + err.message, true);
  }
}

function corrections(form) {
  const fields = {};
  const type = form.elements.type.value;
  if (type !== form.elements.type.querySelector("option[selected]")?.value) { fields.type = type; }
  const mode = form.elements.mode.value.trim();
  if (mode !== form.elements.mode.defaultValue) { fields.mode = mode || null; }
  const status = form.elements.status.value;
  if (status !== form.elements.status.querySelector("option[selected]")?.value) { fields.status = status; }
  const counts = {};
  for (const input of form.querySelectorAll("input[name^='count-']")) {
    if (input.value !== input.dataset.initial) {
      counts[input.name.slice(6)] = input.value === "" ? null : Number(input.value);
    }
  }
  if (Object.keys(counts).length) { fields.counts = counts; }
  return fields;
}

function setUpReview() {
  const controls = document.getElementById("controls");
  if (!controls) { return; }
  for (const button of controls.querySelectorAll("button[data-action]")) {
    button.addEventListener("click", () => review(button.dataset.action));
  }
  const form = document.getElementById("correct");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const fields = corrections(form);
    if (!Object.keys(fields).length) { say("Nothing changed.", true); return; }
    review("correct", fields, form.elements.note.value.trim());
  });
}

function rows() { return Array.from(document.querySelectorAll("table.desk tr.row")); }

function move(step) {
  const all = rows();
  if (!all.length) { return; }
  const at = all.findIndex((row) => row.classList.contains("selected"));
  const next = all[Math.min(all.length - 1, Math.max(0, at + step))];
  all.forEach((row) => row.classList.remove("selected"));
  next.classList.add("selected");
  next.scrollIntoView({ block: "nearest" });
}

function follow(id) {
  const link = document.getElementById(id);
  if (link) { window.location.href = link.href; }
}

function setUpKeys() {
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && ["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(target.tagName)) { return; }
    const selected = document.querySelector("tr.row.selected a.open");
    const actions = {
      j: () => move(1), k: () => move(-1),
      Enter: () => { if (selected) { window.location.href = selected.href; } },
      n: () => follow("next"), u: () => follow("back"),
      c: () => review("confirm"), x: () => review("reject"),
      e: () => document.querySelector("#correct select[name='type']")?.focus(),
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.documentElement.classList.add("js");
  setUpSignIn();
  setUpReview();
  setUpKeys();
  showSession();
  const said = sessionStorage.getItem(KEY + "-said");
  if (said) { sessionStorage.removeItem(KEY + "-said"); say(said + "."); }
});
