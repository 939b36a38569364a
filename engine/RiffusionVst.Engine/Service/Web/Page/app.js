// The page's shell: tabs, the engine line, shared option lists, and the live event stream handed to each tab.
import { getJson, listen } from "./api.js";
import * as instances from "./instances.js";
import * as clips from "./clips.js";
import * as generate from "./generate.js";
import * as jam from "./jam.js";

const tabs = { instances, clips, generate, jam };

function show() {
  const [name, arg] = location.hash.slice(1).split("=");
  const tab = name === "instance" ? "instances" : tabs[name] ? name : "instances";
  for (const section of document.querySelectorAll(".tab")) section.hidden = section.id !== tab;
  for (const link of document.querySelectorAll("nav a")) link.classList.toggle("active", link.dataset.tab === tab);
  if (name === "instance") instances.focus(arg);
  tabs[tab].shown?.();
}

function fillOptions(engine) {
  for (const select of document.querySelectorAll("select[data-options]")) {
    const names = engine[select.dataset.options] || [];
    const options = select.dataset.empty ? [select.dataset.empty, ...names] : names;
    select.replaceChildren(...options.map(n => new Option(n, n === select.dataset.empty ? "" : n)));
    if (select.dataset.options === "seedPatterns") select.value = engine.defaultSeedPattern;
  }
}

async function start() {
  const engine = await getJson("/api/engine");
  document.getElementById("engine-line").textContent =
    `${engine.model} on ${engine.device}${engine.isTiny ? " — tiny model: noise-like audio, install real weights for music" : ""}`;
  fillOptions(engine);
  for (const tab of Object.values(tabs)) await tab.init?.(engine);
  listen(event => { for (const tab of Object.values(tabs)) tab.onEvent?.(event); });
  window.addEventListener("hashchange", show);
  show();
  document.body.dataset.ready = "true";
}

start().catch(e => {
  const flash = document.getElementById("flash");
  flash.textContent = "The page could not start: " + e.message;
  flash.classList.add("error");
  flash.hidden = false;
});
