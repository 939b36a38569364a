// Instances: every plugin instance, its name, its 8 prompt slots (edited in place, relayed to the plugin), A/B marks,
// the DAW's alpha (read-only), bars, tempo, status, the current grid's spectrograms, and regenerate.
import { getJson, postJson, clipImage, el, say } from "./api.js";
import { promptEditor } from "./prompt-syntax.js";

const cards = new Map();
let focused = null;
let reload = null; // a grid's loops arrive together: one reload for all of them

export async function init() {
  render(await getJson("/api/instances"));
}

export function focus(id) {
  focused = id;
  for (const [key, card] of cards) card.node.classList.toggle("highlight", key === id);
  cards.get(id)?.node.scrollIntoView({ block: "start" });
}

export function onEvent(event) {
  if (event.type === "instances") render(event.instances);
  else if (event.instanceId && cards.has(event.instanceId)) {
    const card = cards.get(event.instanceId);
    if (event.type === "progress") card.status(`${event.text} (alpha ${event.alpha.toFixed(3)})`);
    if (event.type === "error") card.status("error: " + event.message);
    if (event.type === "loop") { clearTimeout(reload); reload = setTimeout(() => getJson("/api/instances").then(render), 200); }
  }
}

function render(list) {
  document.getElementById("no-instances").hidden = list.length > 0;
  const container = document.getElementById("instance-list");
  for (const [id, card] of cards) if (!list.some(i => i.id === id)) { card.node.remove(); cards.delete(id); }
  for (const view of list) {
    if (!cards.has(view.id)) {
      const card = makeCard(view);
      cards.set(view.id, card);
      container.append(card.node);
    }
    cards.get(view.id).update(view);
  }
  if (focused) focus(focused);
}

function makeCard(view) {
  const message = el("p", { class: "message", hidden: true });
  const fail = e => say(message, e.message, true);
  const name = el("input", { class: "name", "aria-label": "Instance name", placeholder: "Name this instance" });
  name.addEventListener("change", () => postJson(`/api/instances/${view.id}/name`, { text: name.value }).catch(fail));
  const status = el("span", { class: "status" });
  const alphaFill = el("span");
  const alpha = el("span", { class: "alpha-bar", role: "meter", "aria-label": "Alpha (from the DAW)" }, alphaFill);
  const alphaText = el("span");
  const bars = el("span"), bpm = el("span");
  const regenerate = el("button", { type: "button", onclick: () => postJson(`/api/instances/${view.id}/regenerate`).catch(fail) }, "Regenerate");

  const slots = el("div", { class: "slots" });
  const rows = [];
  for (let i = 0; i < 8; i++) {
    const marks = el("span", { class: "marks" });
    const saved = el("span", { class: "saved" });
    const editor = promptEditor("", text =>
      postJson(`/api/instances/${view.id}/slots/${i}`, { text })
        .then(() => { saved.textContent = "saved"; setTimeout(() => saved.textContent = "", 2000); say(message, ""); })
        .catch(fail), `Prompt slot ${i + 1}`);
    editor.dataset.slot = i;
    slots.append(el("span", {}, String(i + 1), " ", saved), marks, editor);
    rows.push({ marks, editor });
  }
  const grid = el("div", { class: "grid-images" });
  const node = el("article", { class: "card instance", "data-instance": view.id },
    el("div", { class: "card-head" }, name, el("span", { class: "facts" }, el("span", {}, "alpha ", alphaText, " ", alpha), bars, bpm), status, regenerate),
    message, slots, grid);

  return {
    node,
    status: text => status.textContent = text,
    update(v) {
      if (document.activeElement !== name) name.value = v.name;
      status.textContent = v.status;
      alphaFill.style.width = `${(v.alpha * 100).toFixed(1)}%`;
      alphaText.textContent = v.alpha.toFixed(2);
      bars.textContent = v.bars ? `${v.bars} bars` : "";
      bpm.textContent = v.bpm ? `${v.bpm.toFixed(2)} BPM` : "tempo unknown";
      rows.forEach((row, i) => {
        row.editor.setText(v.slots[i]);
        row.marks.replaceChildren(...(i === v.slotA ? [el("span", { class: "a" }, "A")] : []), ...(i === v.slotB ? [el("span", { class: "b" }, "B")] : []));
      });
      grid.replaceChildren(...v.grid.map(g => el("figure", {}, el("img", { src: clipImage(g.clipId), alt: `alpha ${g.alpha}` }), el("figcaption", {}, `α ${g.alpha.toFixed(3)}`))));
    },
  };
}
