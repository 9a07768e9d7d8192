// Keep the live view current: fetch the panel (rendered and escaped by the server) every few seconds.
(function () {
  "use strict";
  var box = document.getElementById("live");
  if (!box || !window.fetch) { return; }
  var interval = parseInt(box.getAttribute("data-interval") || "5000", 10);

  function refresh() {
    fetch(box.getAttribute("data-panel"), { credentials: "same-origin" })
      .then(function (response) {
        if (response.redirected) { window.location.reload(); return null; }  // signed out meanwhile
        return response.ok ? response.text() : null;
      })
      .then(function (html) { if (html !== null) { box.innerHTML = html; } })
      .catch(function () { /* a dropped fetch on a slow link is retried next time */ })
      .then(function () { window.setTimeout(refresh, interval); });
  }

  window.setTimeout(refresh, interval);
}());
