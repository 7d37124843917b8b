// GOV.UK Frontend's components, started on every page and again on whatever htmx swaps in.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
document.body.addEventListener("htmx:afterSwap", () => initAll());
