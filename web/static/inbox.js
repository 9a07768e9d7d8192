// Keep the inbox current without reloading: ask for a tiny fingerprint every few seconds and
// fetch the rows (rendered and escaped by the server) only when something changed.
(function () {
  "use strict";
  var box = document.getElementById("inbox");
  if (!box || !window.fetch) { return; }
  var interval = parseInt(box.getAttribute("data-interval") || "5000", 10);

  function refreshRows() {
    return fetch(box.getAttribute("data-rows"), { credentials: "same-origin" })
      .then(function (response) {
        // Signed out meanwhile (the session ended): show the sign-in page rather than paste it in here.
        if (response.redirected) { window.location.reload(); return null; }
        return response.ok ? response.text() : null;
      })
      .then(function (html) { if (html !== null) { box.innerHTML = html; } });
  }

  function poll() {
    fetch(box.getAttribute("data-poll"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        // The session ended (idle, signed out elsewhere): show the sign-in page instead of polling on.
        if (response.redirected) { window.location.reload(); return null; }
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        if (body && body.marker !== box.getAttribute("data-marker")) {
          box.setAttribute("data-marker", body.marker);
          return refreshRows();
        }
      })
      .catch(function () { /* a dropped poll on a slow link is retried next time */ })
      .then(function () { window.setTimeout(poll, interval); });
  }

  window.setTimeout(poll, interval);
}());
