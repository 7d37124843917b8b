// Spotlight's charts: renders every chart that ui/_vega_chart.html wrote on the page with vega-embed.
//
// A chart is an enhancement. The page already says what the chart shows (its caption) and keeps the
// same facts in a table, so if a script cannot load or a spec cannot render, the chart area stays
// empty and nothing else on the page changes. Everything is served by Spotlight itself: Vega, Vega-Lite
// and vega-embed come from its static files, the data is inline in the spec, and the loader refuses
// any URL, so a chart never fetches anything.
//
// Loaded as a module, so however many charts include it, it runs once per page.

const CHART = "[data-spotlight-chart]";
let libraries = null;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = false;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Spotlight could not load ${src}`));
    document.head.appendChild(script);
  });
}

function loadLibraries(figure) {
  if (!libraries) {
    const sources = [figure.dataset.vegaSrc, figure.dataset.vegaLiteSrc, figure.dataset.vegaEmbedSrc];
    libraries = window.vegaEmbed
      ? Promise.resolve(window.vegaEmbed)
      : sources.reduce((ready, src) => ready.then(() => loadScript(src)), Promise.resolve()).then(() => window.vegaEmbed);
  }
  return libraries;
}

function refuse(uri) {
  return Promise.reject(new Error(`Spotlight charts load nothing from outside the page (asked for ${uri})`));
}

async function render(figure) {
  if (figure.dataset.chartState) return;
  figure.dataset.chartState = "loading";
  try {
    const specElement = document.getElementById(figure.dataset.spotlightChart);
    const canvas = figure.querySelector("[data-chart-canvas]");
    if (!specElement || !canvas) throw new Error("chart without its spec or its canvas");
    const spec = JSON.parse(specElement.textContent);
    const vegaEmbed = await loadLibraries(figure);
    const loader = window.vega.loader();
    loader.load = refuse;
    loader.sanitize = refuse;
    const { expressionInterpreter } = await import(figure.dataset.vegaInterpreterSrc);
    await vegaEmbed(canvas, spec, {
      renderer: "svg",
      actions: false,
      ast: true, // Vega's expression interpreter: no eval, so a strict Content-Security-Policy is fine
      expr: expressionInterpreter,
      loader,
      defaultStyle: false, // no injected <style>: the styles are in Spotlight's own stylesheet
      tooltip: { theme: "light", disableDefaultStyle: true },
    });
    figure.dataset.chartState = "rendered";
    figure.classList.add("spotlight-chart--rendered");
  } catch (error) {
    figure.dataset.chartState = "failed";
    console.warn("Spotlight: a chart could not be drawn; its caption and table still say what it shows.", error);
  }
}

function renderAll(root) {
  root.querySelectorAll(CHART).forEach((figure) => {
    render(figure);
  });
}

renderAll(document);
document.body.addEventListener("htmx:afterSettle", (event) => renderAll(event.target || document));
