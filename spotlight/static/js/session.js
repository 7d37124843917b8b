// The idle time-out, said before it happens. Spotlight signs a member of staff out after some minutes
// without a page (the server decides: data-session-seconds). A few minutes before, this shows the
// warning above the page; "Stay signed in" touches the session without leaving the page, so nothing
// typed is lost. When the time is up, the next page asks her to sign in again.
(function () {
  const body = document.body;
  const total = Number(body.dataset.sessionSeconds || 0);
  const warnBefore = Number(body.dataset.sessionWarningSeconds || 0);
  const banner = document.getElementById("session-warning");
  const form = document.getElementById("session-keep-alive");
  if (!total || !banner || !form) return;
  let timer = null;

  function start() {
    banner.hidden = true;
    clearTimeout(timer);
    timer = setTimeout(() => {
      banner.hidden = false;
      banner.querySelector("button").focus();
    }, Math.max(0, total - warnBefore) * 1000);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" }).then((response) => {
      if (response.ok) start();
      else window.location.reload();
    });
  });
  document.body.addEventListener("htmx:afterRequest", start);
  start();
})();
