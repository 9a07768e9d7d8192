// The case page: its facts and timeline follow the case live (a citizen's new message appears while
// the agent reads; the draft in the reply box is never touched), and a canned response goes into the
// reply box at the cursor.
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

  var picker = document.getElementById("canned");
  var box = document.getElementById("reply-text");
  if (!picker || !box) { return; }
  picker.addEventListener("change", function () {
    var option = picker.options[picker.selectedIndex];
    if (option && option.value) {
      box.value = option.getAttribute("data-body");
      box.focus();
    }
    picker.selectedIndex = 0;
  });
}());
