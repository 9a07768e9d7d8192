// The case page's facts and timeline follow the case live: a citizen's new message appears while
// the agent reads, and the draft in the composer (composer.js) is never touched.
(function () {
  "use strict";
  var live = document.getElementById("case-live");
  var pending = null;

  function refresh() {
    if (!live || !window.fetch) { return; }
    fetch(live.getAttribute("data-url"), { credentials: "same-origin" })
      .then(function (response) {
        if (response.redirected || response.status === 404) { window.location.reload(); return null; }
        return response.ok ? response.text() : null;
      })
      .then(function (html) { if (html !== null) { live.innerHTML = html; } })
      .catch(function () { /* the next event or poll tries again */ });
  }
  function soon() {
    if (pending === null) { pending = window.setTimeout(function () { pending = null; refresh(); }, 150); }
  }
  document.addEventListener("civicline:case", function (event) {
    if (live && event.detail.reference === live.getAttribute("data-reference")) { soon(); }
  });
  document.addEventListener("civicline:poll", soon);

}());
