// The statistics dashboard's charts: Vega-Lite specs from JSON script tags on the page, drawn
// under the site's Content-Security-Policy (no eval: Vega's expression interpreter with
// `ast: true`; no injected style sheet, tooltip or actions menu; canvas, no inline styles).
import embed from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

const OPTIONS = {
  ast: true,
  expr: expressionInterpreter,
  actions: false,
  defaultStyle: false,
  tooltip: false,
  renderer: "canvas",
  // Only our own host: the map's topology is served beside this file.
  loader: { mode: "http", baseURL: "" },
};

async function draw(figure) {
  const source = document.getElementById(figure.dataset.spec);
  if (!source) return;
  const spec = JSON.parse(source.textContent);
  const target = figure.querySelector(".chart-canvas");
  try {
    await embed(target, spec, OPTIONS);
    figure.classList.add("chart-drawn");
  } catch (error) {
    // The table below the chart says everything the chart does.
    figure.classList.add("chart-failed");
    console.warn("chart not drawn", error);
  }
}

for (const figure of document.querySelectorAll("[data-spec]")) {
  draw(figure);
}
