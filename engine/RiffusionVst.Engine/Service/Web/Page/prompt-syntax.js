// The engine's prompt weighting, shown as you type: (word) ×1.1, [word] ÷1.1, (word:1.3), nesting multiplies, \( escapes.
import { el } from "./api.js";

/** Splits a prompt into [text, kind] runs: mark, num, up, down or plain. */
export function tokens(text) {
  const runs = [];
  const stack = []; // "(" or "["
  let i = 0;
  const push = (t, kind) => { if (t) runs.push([t, kind]); };
  const kindNow = () => {
    const up = stack.filter(c => c === "(").length, down = stack.length - up;
    return up > down ? "up" : down > up ? "down" : "plain";
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "\\" && i + 1 < text.length) { push(text.slice(i, i + 2), kindNow()); i += 2; continue; }
    if (c === "(" || c === "[") { stack.push(c); push(c, "mark"); i++; continue; }
    if ((c === ")" || c === "]") && stack.length) { stack.pop(); push(c, "mark"); i++; continue; }
    const weight = stack.at(-1) === "(" && c === ":" ? /^:\s*-?\d*\.?\d+\s*(?=\))/.exec(text.slice(i)) : null;
    if (weight) { push(weight[0], "num"); i += weight[0].length; continue; }
    let j = i + 1;
    while (j < text.length && !"\\()[]:".includes(text[j])) j++;
    push(text.slice(i, j), kindNow());
    i = j;
  }
  return runs;
}

/** A textarea over its highlighted copy; calls save(text) on Enter or when it loses focus with a change. */
export function promptEditor(text, save, label) {
  const shown = el("pre", { "aria-hidden": "true" });
  const area = el("textarea", { rows: 1, spellcheck: "false", "aria-label": label });
  area.value = text;
  let saved = text;
  const paint = () => shown.replaceChildren(...tokens(area.value).map(([t, k]) => k === "plain" ? t : el("span", { class: "w-" + k }, t)), "\u200b");
  const commit = () => { if (area.value !== saved) { saved = area.value; save(area.value); } };
  area.addEventListener("input", paint);
  area.addEventListener("blur", commit);
  area.addEventListener("keydown", e => { if (e.key === "Enter") { e.preventDefault(); commit(); } });
  paint();
  const editor = el("div", { class: "editor" }, shown, area);
  editor.setText = t => { if (document.activeElement !== area) { area.value = t; saved = t; paint(); } };
  return editor;
}
