// Runs first, before the page is drawn: GOV.UK Frontend's styles for when JavaScript is on.
// A file, not an inline script, so the Content-Security-Policy needs no exception.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
