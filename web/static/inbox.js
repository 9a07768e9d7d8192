// Keep the inbox current without reloading: the live stream (live.js) says a visible case changed,
// and the rows (rendered and escaped by the server) are fetched again. Without a stream, a tiny
// fingerprint is polled instead and the rows fetched only when it changed. The tab's title carries
// the number of the agent's own cases with a citizen message they have not read.
(function () {
  "use strict";
  var box = document.getElementById("inbox");
  if (!box || !window.fetch) { return; }
  var baseTitle = document.title;
  var pending = null;

  function showUnread() {
    var layout = box.querySelector("[data-unread-mine]");
    var unread = layout ? parseInt(layout.getAttribute("data-unread-mine"), 10) : 0;
    document.title = unread > 0 ? "(" + unread + ") " + baseTitle : baseTitle;
  }

  function refreshRows() {
    return fetch(box.getAttribute("data-rows"), { credentials: "same-origin" })
      .then(function (response) {
        // Signed out meanwhile (the session ended): show the sign-in page rather than paste it in here.
        if (response.redirected) { window.location.reload(); return null; }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html === null) { return; }
        var picked = chosen();
        box.innerHTML = html;
        Array.prototype.forEach.call(box.querySelectorAll("input[name=case]"), function (input) {
          input.checked = picked.indexOf(input.value) >= 0;  // a live refresh keeps what the agent ticked
        });
        showUnread();
        showChosen();
        document.dispatchEvent(new CustomEvent("civicline:rows"));
      });
  }

  function soon() {  // a burst of changes (a bulk transfer) costs one fetch
    if (pending === null) {
      pending = window.setTimeout(function () { pending = null; refreshRows(); }, 150);
    }
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
      .catch(function () { /* a dropped poll on a slow link is retried next time */ });
  }

  // Bulk actions: the bar says how many cases are ticked; the header box ticks the whole page.
  var bar = document.getElementById("bulk");
  function chosen() {
    return Array.prototype.map.call(box.querySelectorAll("input[name=case]:checked"), function (i) { return i.value; });
  }
  function showChosen() {
    if (!bar) { return; }
    var count = chosen().length;
    bar.classList.toggle("active", count > 0);
    var label = bar.querySelector(".bulk-count");
    label.textContent = label.getAttribute("data-template").replace("{n}", String(count));
  }
  box.addEventListener("change", function (event) {
    if (event.target.classList.contains("pick-all")) {
      Array.prototype.forEach.call(box.querySelectorAll("input[name=case]"), function (input) {
        input.checked = event.target.checked;
      });
    }
    showChosen();
  });
  showChosen();

  document.addEventListener("civicline:case", soon);
  document.addEventListener("civicline:poll", poll);
  showUnread();
}());
